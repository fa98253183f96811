import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fakeOpDir } from '../helpers/paths.js';
import { runBerth, testEnv } from '../helpers/run.js';
import { expectSchema } from '../helpers/schemas.js';
import { useWorkspace } from '../helpers/workspace.js';

describe('berth doctor', () => {
  const workspace = useWorkspace();

  it('reports each finding with a fix, and exits 1 on errors only', async () => {
    const ws = workspace();
    const env = testEnv({
      BERTH_HOME: ws.home,
      PATH: `${fakeOpDir}:${process.env.PATH}`,
      FAKE_OP_STATE: 'signed-out',
    });
    const a = ws.exampleCheckout(`${ws.project}--a`);
    const b = ws.exampleCheckout(`${ws.project}--b`);
    expect((await runBerth(['sandbox', 'init', '--slot', '7'], { cwd: a, env })).code).toBe(0);
    expect((await runBerth(['sandbox', 'init', '--slot', '8'], { cwd: b, env })).code).toBe(0);

    const healthy = await runBerth(['doctor', '--json'], { cwd: a, env });
    const doc = JSON.parse(healthy.stdout);
    expectSchema('doctor', doc);
    expect(healthy.code, healthy.stdout).toBe(0);
    expect(doc.ok).toBe(true);
    const byCheck = Object.fromEntries(doc.findings.map((f: { check: string }) => [f.check, f]));
    expect(byCheck.engine.status).toBe('ok');
    expect(byCheck.compose.detail).toMatch(/^Docker Compose 2\./);
    expect(byCheck['1password']).toEqual({
      check: '1password',
      status: 'warn',
      detail: 'op is not signed in: up uses the compose defaults',
      fix: 'run: eval $(op signin)',
    });

    rmSync(b, { recursive: true });
    const server = createServer().listen(8007, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const sick = await runBerth(['doctor'], { cwd: a, env });
      expect(sick.code).toBe(1);
      expect(sick.stdout).toContain(
        `warn   stale entries: ${ws.project}--b (${b}): directory gone\n       fix: berth sandbox clean`,
      );
      expect(sick.stdout).toContain(
        `error  ports of ${ws.project}--a: 8007 (KTRDR_API_PORT) held by pid ${process.pid}`,
      );
      expect(sick.stdout).toMatch(/1 problem\(s\), 2 warning\(s\)\n$/);
    } finally {
      server.close();
    }
  });
});
