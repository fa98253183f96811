import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker, publishedPorts } from '../helpers/docker.js';
import { specPorts } from '../helpers/spec-table.js';
import { useWorkspace } from '../helpers/workspace.js';

const slotPorts: Record<number, Record<string, number>> = { 1: specPorts(1), 2: specPorts(2) };

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('the bundled example stack', () => {
  const workspace = useWorkspace();

  it('runs under two compose project names at once, every port of its slot published', async () => {
    const ws = workspace();
    const checkout = ws.exampleCheckout('ktrdr');
    const started = [1, 2].map(async (slot) => {
      const project = ws.trackProject(`ktrdr--e2e-${ws.tag}-${slot}`);
      const envFile = join(ws.root, `slot${slot}.env`);
      const env = { INSTANCE_ID: project, COMPOSE_PROJECT_NAME: project, ...slotPorts[slot] };
      writeFileSync(
        envFile,
        Object.entries(env)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
      await docker(
        ['compose', '-p', project, '-f', 'docker-compose.sandbox.yml', '--env-file', envFile, 'up', '-d'],
        {
          cwd: checkout,
        },
      );
      return { slot, project };
    });
    const stacks = await Promise.all(started);

    for (const { slot, project } of stacks) {
      const expected = Object.values(slotPorts[slot]!).sort((a, b) => a - b);
      const published = await publishedPorts(project);
      expect(published.map((p) => p.hostPort)).toEqual(expected);

      const api = slotPorts[slot]!.KTRDR_API_PORT!;
      const health = await waitFor('backend health', async () => {
        const res = await fetch(`http://127.0.0.1:${api}/api/v1/health`);
        return res.status === 200 ? ((await res.json()) as { status: string }) : undefined;
      });
      expect(health.status).toBe('ok');
      const workers = await waitFor('four workers', async () => {
        const res = await fetch(`http://127.0.0.1:${api}/api/v1/workers`);
        const body = (await res.json()) as { workers: { id: string; port: number }[] };
        return body.workers.length === 4 ? body.workers : undefined;
      });
      expect(workers.map((w) => w.port).sort()).toEqual(
        [1, 2, 3, 4].map((n) => slotPorts[slot]![`KTRDR_WORKER_PORT_${n}`]),
      );
      const jaeger = await fetch(`http://127.0.0.1:${slotPorts[slot]!.KTRDR_JAEGER_UI_PORT}/`);
      expect(await jaeger.text()).toContain(project);
      for (const port of expected) expect(await tcpAnswers(port), `port ${port}`).toBe(true);
    }

    // Named volumes are per project: two databases, two clusters.
    const clusters = await Promise.all(
      stacks.map(async ({ project }) => {
        const { stdout } = await docker([
          'volume',
          'ls',
          '-q',
          '--filter',
          `label=com.docker.compose.project=${project}`,
        ]);
        return stdout.trim();
      }),
    );
    expect(clusters).toEqual(stacks.map(({ project }) => `${project}_dbdata`));
  });
});
