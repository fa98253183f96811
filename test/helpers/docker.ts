import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function docker(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return exec('docker', args, { maxBuffer: 16 * 1024 * 1024, ...options });
}

/** A variable of a running container's environment, byte for byte (busybox has no printenv). */
export async function containerEnv(container: string, name: string): Promise<string> {
  return (await docker(['exec', container, 'sh', '-c', `printf %s "$${name}"`])).stdout;
}

/** What a compose project has on the engine, found by its label. */
export async function resourcesOf(project: string): Promise<{ containers: string[]; volumes: string[] }> {
  const filter = ['--filter', `label=com.docker.compose.project=${project}`];
  const list = async (args: string[]) =>
    (await docker([...args, '-q', ...filter])).stdout.split('\n').filter(Boolean);
  return { containers: await list(['ps', '-a']), volumes: await list(['volume', 'ls']) };
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
