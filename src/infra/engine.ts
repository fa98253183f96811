import { BerthError } from '../errors.js';
import { PROJECT_LABEL } from './containers.js';
import { execFile } from './exec.js';

/**
 * The Docker engine, through the docker CLI: removal of everything a compose
 * project left, and the projects it knows, found by their label. Container
 * listings for status live in containers.ts.
 */

async function docker(args: string[], timeoutMs = 30_000) {
  return execFile('docker', args, { timeoutMs });
}

async function ids(kind: 'container' | 'network' | 'volume', project: string): Promise<string[]> {
  const args =
    kind === 'container'
      ? ['ps', '-a', '-q', '--filter', `label=${PROJECT_LABEL}=${project}`]
      : [kind, 'ls', '-q', '--filter', `label=${PROJECT_LABEL}=${project}`];
  return (await dockerOrFail(args, `list the ${kind}s of ${project}`)).split('\n').filter(Boolean);
}

async function dockerOrFail(args: string[], what: string, timeoutMs?: number): Promise<string> {
  const res = await docker(args, timeoutMs).catch((error: Error) => ({
    code: 1,
    stdout: '',
    stderr: error.message,
  }));
  if (res.code !== 0) {
    const why = res.stderr.trim().split('\n').pop() || `docker ${args[0]} failed`;
    throw new BerthError('docker', `could not ${what}: ${why}`, {
      hint: "check that the Docker engine runs ('berth doctor')",
    });
  }
  return res.stdout;
}

export interface RemovedResources {
  containers: number;
  networks: number;
  volumes: number;
}

/** Removes the containers, networks and volumes of a compose project, by label. */
export async function removeComposeProject(project: string): Promise<RemovedResources> {
  const containers = await ids('container', project);
  if (containers.length)
    await dockerOrFail(['rm', '-f', '-v', ...containers], `remove the containers of ${project}`, 120_000);
  const networks = await ids('network', project);
  if (networks.length)
    await dockerOrFail(['network', 'rm', ...networks], `remove the networks of ${project}`);
  const volumes = await ids('volume', project);
  if (volumes.length)
    await dockerOrFail(['volume', 'rm', '-f', ...volumes], `remove the volumes of ${project}`);
  return { containers: containers.length, networks: networks.length, volumes: volumes.length };
}

/** Names of every compose project that has a container, network or volume on the engine. */
export async function composeProjectNames(): Promise<string[] | undefined> {
  const names = new Set<string>();
  for (const args of [
    ['ps', '-a'],
    ['volume', 'ls'],
    ['network', 'ls'],
  ]) {
    let res: Awaited<ReturnType<typeof execFile>>;
    try {
      res = await docker([
        ...args,
        '--filter',
        `label=${PROJECT_LABEL}`,
        '--format',
        `{{.Label "${PROJECT_LABEL}"}}`,
      ]);
    } catch {
      return undefined;
    }
    if (res.code !== 0) return undefined;
    for (const name of res.stdout.split('\n')) if (name) names.add(name);
  }
  return [...names].sort();
}

/** The project directories (compose's working_dir label) of a compose project's containers. */
export async function composeProjectDirs(project: string): Promise<string[]> {
  const res = await docker([
    'ps',
    '-a',
    '--filter',
    `label=${PROJECT_LABEL}=${project}`,
    '--format',
    '{{.Label "com.docker.compose.project.working_dir"}}',
  ]);
  if (res.code !== 0) return [];
  return [...new Set(res.stdout.split('\n').filter(Boolean))];
}
