import { createServer } from 'node:net';

/**
 * A port is busy when it cannot be bound on 0.0.0.0, 127.0.0.1 or ::1
 * (SPEC §2). Each address is tried in turn (binding them at once would make
 * the probe collide with itself); different ports are probed concurrently.
 */
const HOSTS = ['0.0.0.0', '127.0.0.1', '::1'] as const;

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      // No IPv6 on this machine: nothing can hold ::1 either.
      resolve(error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT');
    });
    server.listen({ port, host, exclusive: true, ipv6Only: host === '::1' }, () => {
      server.close(() => resolve(true));
    });
  });
}

export async function isPortFree(port: number): Promise<boolean> {
  for (const host of HOSTS) {
    if (!(await canBind(port, host))) return false;
  }
  return true;
}

/** The ports of the list that are busy, in the order given. */
export async function busyPorts(ports: readonly number[]): Promise<number[]> {
  const free = await Promise.all(ports.map((p) => isPortFree(p)));
  return ports.filter((_, i) => !free[i]);
}
