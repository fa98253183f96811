import type { ContainerState } from '../core/status.js';
import { execFile } from './exec.js';

/**
 * Containers of compose projects, from one engine query. Returns undefined
 * when the engine cannot be reached.
 */
export async function listComposeContainers(): Promise<ContainerState[] | undefined> {
  let res: Awaited<ReturnType<typeof execFile>>;
  try {
    res = await execFile(
      'docker',
      [
        'ps',
        '-a',
        '--filter',
        'label=com.docker.compose.project',
        '--format',
        '{{.Label "com.docker.compose.project"}}\t{{.Label "com.docker.compose.service"}}\t{{.State}}',
      ],
      { timeoutMs: 15_000 },
    );
  } catch {
    return undefined;
  }
  if (res.code !== 0) return undefined;
  return res.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [project = '', service = '', state = ''] = line.split('\t');
      return { project, service, state };
    });
}
