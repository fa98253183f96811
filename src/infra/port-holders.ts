import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { PROJECT_LABEL } from './containers.js';
import { type ApiContainer, engineGet } from './docker-api.js';
import { execFile } from './exec.js';

/**
 * Who holds a port, where that can be known: a container (by its published
 * ports, from the engine), or a process (pid and command, from /proc on
 * Linux). Best effort: an unknown holder is reported as such.
 */
export interface PortHolder {
  port: number;
  container?: { name: string; project?: string };
  process?: { pid: number; command: string };
}

export async function findPortHolders(ports: readonly number[]): Promise<Map<number, PortHolder>> {
  const out = new Map<number, PortHolder>(ports.map((p) => [p, { port: p }]));
  for (const [port, container] of await containersPublishing(ports)) out.get(port)!.container = container;
  const processes = processesListening(ports);
  for (const [port, proc] of processes) out.get(port)!.process = proc;
  return out;
}

async function containersPublishing(
  ports: readonly number[],
): Promise<Map<number, { name: string; project?: string }>> {
  const found = new Map<number, { name: string; project?: string }>();
  // One Engine API request where it can be spoken; the docker CLI otherwise.
  const api = await engineGet<(ApiContainer & { Ports?: { PublicPort?: number }[] })[]>(
    '/containers/json',
    process.env,
  );
  if (api) {
    for (const c of api) {
      const name = (c.Names[0] ?? '').replace(/^\//, '');
      const project = c.Labels[PROJECT_LABEL];
      for (const p of c.Ports ?? []) {
        if (p.PublicPort !== undefined && ports.includes(p.PublicPort)) {
          found.set(p.PublicPort, project ? { name, project } : { name });
        }
      }
    }
    return found;
  }
  try {
    const res = await execFile(
      'docker',
      ['ps', '--format', `{{.Names}}\t{{.Label "${PROJECT_LABEL}"}}\t{{.Ports}}`],
      { timeoutMs: 5000 },
    );
    if (res.code !== 0) return found;
    for (const line of res.stdout.split('\n')) {
      const [name = '', project = '', published = ''] = line.split('\t');
      for (const m of published.matchAll(/:(\d+)(?:-(\d+))?->/g)) {
        const from = Number(m[1]);
        const to = m[2] ? Number(m[2]) : from;
        for (const port of ports) {
          if (port >= from && port <= to) found.set(port, project ? { name, project } : { name });
        }
      }
    }
  } catch {
    // no docker client: nothing to say about containers
  }
  return found;
}

function processesListening(ports: readonly number[]): Map<number, { pid: number; command: string }> {
  const found = new Map<number, { pid: number; command: string }>();
  const inodes = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (!local || cols[3] !== '0A') continue; // 0A = LISTEN
      const port = Number.parseInt(local.split(':').pop() ?? '', 16);
      if (ports.includes(port) && cols[9] && cols[9] !== '0') inodes.set(cols[9], port);
    }
  }
  if (inodes.size === 0) return found;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return found;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      const port = inode ? inodes.get(inode) : undefined;
      if (port !== undefined && !found.has(port))
        found.set(port, { pid: Number(pid), command: commandOf(pid) });
    }
    if (found.size === inodes.size) break;
  }
  return found;
}

function commandOf(pid: string): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return cmd.length > 80 ? `${cmd.slice(0, 77)}...` : cmd;
  } catch {
    return '?';
  }
}

export function describeHolder(
  holder: PortHolder,
  instanceOf?: (project: string) => string | undefined,
): string {
  if (holder.container) {
    const owner = holder.container.project ? instanceOf?.(holder.container.project) : undefined;
    return owner ? `${owner}, container ${holder.container.name}` : `container ${holder.container.name}`;
  }
  if (holder.process) return `pid ${holder.process.pid} (${holder.process.command})`;
  return 'another process (could not tell which)';
}
