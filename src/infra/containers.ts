import type { ContainerState } from '../core/status.js';
import { type ApiContainer, type PendingGet, startEngineGet } from './docker-api.js';
import { execFile } from './exec.js';

/**
 * The containers of compose projects, with their state and health, from one
 * engine query. Always live: status never comes from a cache or from /proc.
 */

/** The label compose puts on every container, network and volume of a project. */
export const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';

function healthOf(status: string): string {
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return '';
}

/**
 * Starts the engine query for the containers of compose projects (one
 * project, or all) without waiting for it; see listComposeContainers.
 */
export function startContainerQuery(
  project: string | undefined,
  env: NodeJS.ProcessEnv,
): PendingGet<ApiContainer[]> {
  const filters = encodeURIComponent(
    JSON.stringify({ label: [project ? `${PROJECT_LABEL}=${project}` : PROJECT_LABEL] }),
  );
  return startEngineGet<ApiContainer[]>(`/containers/json?all=1&filters=${filters}`, env);
}

/**
 * Containers of compose projects (one project, or all), from one engine
 * query; undefined when the engine cannot be reached. `started` is a query
 * begun earlier for the same project (see startContainerQuery).
 */
export async function listComposeContainers(
  project?: string,
  env: NodeJS.ProcessEnv = process.env,
  started?: PendingGet<ApiContainer[]>,
): Promise<ContainerState[] | undefined> {
  const api = await (started ?? startContainerQuery(project, env)).result;
  if (api) {
    return api.map((c) => ({
      project: c.Labels[PROJECT_LABEL] ?? '',
      service: c.Labels[SERVICE] ?? '',
      state: c.State,
      health: healthOf(c.Status),
      name: (c.Names[0] ?? '').replace(/^\//, ''),
    }));
  }
  return listWithCli(project);
}

export async function listWithCli(project?: string): Promise<ContainerState[] | undefined> {
  let res: Awaited<ReturnType<typeof execFile>>;
  try {
    res = await execFile(
      'docker',
      [
        'ps',
        '-a',
        '--filter',
        project ? `label=${PROJECT_LABEL}=${project}` : `label=${PROJECT_LABEL}`,
        '--format',
        `{{.Label "${PROJECT_LABEL}"}}\t{{.Label "${SERVICE}"}}\t{{.State}}\t{{.Status}}\t{{.Names}}`,
      ],
      { timeoutMs: 30_000 },
    );
  } catch {
    return undefined;
  }
  if (res.code !== 0) return undefined;
  return res.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [p = '', service = '', state = '', status = '', name = ''] = line.split('\t');
      return { project: p, service, state, health: healthOf(status), name };
    });
}
