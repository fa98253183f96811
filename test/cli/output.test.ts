import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfigYaml } from '../helpers/config.js';
import { berthBin } from '../helpers/paths.js';
import { runInProcess, testEnv } from '../helpers/run.js';
import { useWorkspace } from '../helpers/workspace.js';

describe('the CLI process', () => {
  it('exits 0 and quietly when its reader has already gone', async () => {
    const child = spawn(process.execPath, [berthBin, 'completion', 'bash'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: testEnv(),
    });
    // Close the only read end before berth writes (`berth ... | head -0`).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('the engine query list starts early', () => {
  const workspace = useWorkspace();

  it('is dropped, not waited for, when no instance needs it', async () => {
    const ws = workspace();
    // An engine that accepts the request and never answers.
    const sockets: Socket[] = [];
    let closedByBerth!: () => void;
    const closed = new Promise<void>((resolve) => {
      closedByBerth = resolve;
    });
    const server = createServer((s) => {
      sockets.push(s);
      s.on('data', () => {});
      s.on('end', () => closedByBerth());
      s.on('close', () => closedByBerth());
    });
    const socketPath = join(ws.root, 'engine.sock');
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const env = testEnv({ BERTH_HOME: ws.home, DOCKER_HOST: `unix://${socketPath}` });
      const dir = ws.gitRepo('demo--q', { 'berth.yaml': testConfigYaml({ base: 21000 }) });
      const res = await runInProcess(['sandbox', 'list', '--json'], { cwd: dir, env });
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toEqual({ instances: [] });
      // A query that got as far as the engine was closed by berth (this very
      // process) when the command ended; left open, this would never resolve.
      expect(sockets.length).toBeLessThanOrEqual(1);
      if (sockets.length) await closed;
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
