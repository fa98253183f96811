import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function docker(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return exec('docker', args, { maxBuffer: 16 * 1024 * 1024, ...options });
}

async function ids(kind: 'ps' | 'network ls' | 'volume ls', project: string): Promise<string[]> {
  const args = [...kind.split(' '), '-q', '--filter', `label=com.docker.compose.project=${project}`];
  if (kind === 'ps') args.push('-a');
  const { stdout } = await docker(args);
  return stdout.split('\n').filter(Boolean);
}

/**
 * Removes everything a compose project left on the engine, found by its
 * label, so it works even when the compose files are gone or a test failed
 * half-way.
 */
export async function removeComposeProject(project: string): Promise<void> {
  const containers = await ids('ps', project);
  if (containers.length) await docker(['rm', '-f', '-v', ...containers]);
  const networks = await ids('network ls', project);
  if (networks.length) await docker(['network', 'rm', ...networks]).catch(() => undefined);
  const volumes = await ids('volume ls', project);
  if (volumes.length) await docker(['volume', 'rm', '-f', ...volumes]);
}

/** Every compose project (by label) whose name starts with a prefix. */
export async function composeProjectsWithPrefix(prefix: string): Promise<string[]> {
  const names = new Set<string>();
  for (const kind of [
    ['ps', '-a'],
    ['volume', 'ls'],
    ['network', 'ls'],
  ]) {
    const { stdout } = await docker([
      ...kind,
      '--filter',
      'label=com.docker.compose.project',
      '--format',
      '{{.Label "com.docker.compose.project"}}',
    ]);
    for (const name of stdout.split('\n')) if (name.startsWith(prefix)) names.add(name);
  }
  return [...names];
}

export interface PublishedPort {
  service: string;
  containerPort: number;
  hostPort: number;
}

/** The host ports a compose project's containers publish, from the engine. */
export async function publishedPorts(project: string): Promise<PublishedPort[]> {
  const { stdout } = await docker([
    'ps',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.Label "com.docker.compose.service"}}\t{{.Ports}}',
  ]);
  const out: PublishedPort[] = [];
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [service = '', ports = ''] = line.split('\t');
    // Docker folds consecutive mappings into ranges: 0.0.0.0:4317-4318->4317-4318/tcp
    for (const m of ports.matchAll(/(?:0\.0\.0\.0|\[::\]|::):(\d+)(?:-(\d+))?->(\d+)(?:-\d+)?\/tcp/g)) {
      const first = Number(m[1]);
      const last = m[2] ? Number(m[2]) : first;
      for (let hostPort = first; hostPort <= last; hostPort++) {
        const entry = { service, hostPort, containerPort: Number(m[3]) + (hostPort - first) };
        if (!out.some((p) => p.hostPort === entry.hostPort && p.service === service)) out.push(entry);
      }
    }
  }
  return out.sort((a, b) => a.hostPort - b.hostPort);
}
