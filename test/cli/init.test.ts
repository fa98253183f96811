import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfigYaml } from '../helpers/config.js';
import { runInProcess, testEnv } from '../helpers/run.js';
import { git, useWorkspace } from '../helpers/workspace.js';

const BASE = 21000;
const yaml = testConfigYaml({ base: BASE });

describe('berth sandbox init', () => {
  const workspace = useWorkspace();
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  const setup = (name = 'demo--stream-b', files: Record<string, string> = {}) => {
    const ws = workspace();
    const dir = ws.gitRepo(name, { 'berth.yaml': yaml, ...files });
    const env = testEnv({ BERTH_HOME: ws.home });
    const registry = join(ws.home, 'sandbox', 'instances.json');
    return { ws, dir, env, registry, berth: (args: string[], cwd = dir) => runInProcess(args, { cwd, env }) };
  };

  it('registers the checkout on the lowest free slot and writes .env.sandbox', async () => {
    const { dir, berth, registry } = setup();
    const res = await berth(['sandbox', 'init']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('registered demo--stream-b (sandbox) on slot 1');
    const env = readFileSync(join(dir, '.env.sandbox'), 'utf8');
    expect(env).toContain('INSTANCE_ID=demo--stream-b\n');
    expect(env).toContain('COMPOSE_PROJECT_NAME=demo--stream-b\n');
    expect(env).toContain(`DEMO_API_PORT=${BASE + 1}\n`);
    expect(env).toContain(`DEMO_WORKER_PORT_2=${BASE + 211}\n`);
    const reg = JSON.parse(readFileSync(registry, 'utf8'));
    expect(reg).toMatchObject({
      version: 1,
      local_prod: null,
      allocated_slots: [1],
      instances: {
        'demo--stream-b': {
          instance_id: 'demo--stream-b',
          slot: 1,
          path: dir,
          is_worktree: false,
          parent_repo: null,
        },
      },
    });
    expect(Number.isNaN(Date.parse(reg.instances['demo--stream-b'].created_at))).toBe(false);
  });

  it('is a no-op when run again, and names the registration when asked for another slot or name', async () => {
    const { dir, berth, registry } = setup();
    await berth(['sandbox', 'init', '--slot', '4']);
    const before = { reg: readFileSync(registry, 'utf8'), env: statSync(join(dir, '.env.sandbox')).mtimeMs };
    const again = await berth(['sandbox', 'init']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('demo--stream-b is already registered on slot 4; nothing changed');
    const same = await berth(['sandbox', 'init', '--slot', '4', '--name', 'stream-b']);
    expect(same.code).toBe(0);
    const otherSlot = await berth(['sandbox', 'init', '--slot', '5']);
    expect(otherSlot.code).toBe(1);
    expect(otherSlot.stderr).toContain('already registered as demo--stream-b (sandbox, slot 4), not slot 5');
    const otherName = await berth(['sandbox', 'init', '--name', 'other']);
    expect(otherName.code).toBe(1);
    expect(otherName.stderr).toContain('not demo--other');
    expect(readFileSync(registry, 'utf8')).toBe(before.reg);
    expect(statSync(join(dir, '.env.sandbox')).mtimeMs).toBe(before.env);
  });

  it('derives the id from --name or the directory name', async () => {
    const { ws, env } = setup('unused');
    const a = ws.gitRepo('My Clone', { 'berth.yaml': yaml });
    expect((await runInProcess(['sandbox', 'init'], { cwd: a, env })).stdout).toContain('demo--my-clone');
    const b = ws.gitRepo('b', { 'berth.yaml': yaml });
    expect(
      (await runInProcess(['sandbox', 'init', '--name', 'DEMO--Fix Login!'], { cwd: b, env })).stdout,
    ).toContain('registered demo--fix-login (sandbox) on slot 2');
  });

  it('exits 2 in a subdirectory and outside a git checkout', async () => {
    const { ws, dir, berth } = setup();
    mkdirSync(join(dir, 'sub'));
    const sub = await berth(['sandbox', 'init'], join(dir, 'sub'));
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain(`is inside the checkout ${dir}, not at its top`);
    const plain = join(ws.root, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'berth.yaml'), yaml);
    const outside = await berth(['sandbox', 'init'], plain);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('is not a git checkout');
    expect(existsSync(join(plain, '.env.sandbox'))).toBe(false);
  });

  it.each([
    ['11'],
    ['0'],
    ['-1'],
    ['abc'],
  ])('refuses --slot=%s with exit 64 and writes nothing', async (slot) => {
    const { dir, berth, ws } = setup();
    const res = await berth(['sandbox', 'init', `--slot=${slot}`]);
    expect(res.code).toBe(64);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, '.env.sandbox'))).toBe(false);
    expect(existsSync(ws.home)).toBe(false);
  });

  it('refuses an id that another checkout holds and suggests --name', async () => {
    const { ws, env, berth } = setup('demo--x');
    expect((await berth(['sandbox', 'init'])).code).toBe(0);
    const other = ws.gitRepo('elsewhere', { 'berth.yaml': yaml });
    const res = await runInProcess(['sandbox', 'init', '--name', 'x'], { cwd: other, env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('the id demo--x is already taken by');
    expect(res.stderr).toContain('--name');
  });

  it('refuses a slot that is taken, naming its holder', async () => {
    const { ws, env, berth } = setup('demo--a');
    await berth(['sandbox', 'init', '--slot', '3']);
    const other = ws.gitRepo('b', { 'berth.yaml': yaml });
    const res = await runInProcess(['sandbox', 'init', '--slot', '3'], { cwd: other, env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('slot 3 is taken by demo--a');
  });

  it('lists the holders when every slot is in use', async () => {
    const { ws, env } = setup('unused');
    const small = testConfigYaml({ base: BASE, slots: 2 });
    for (const name of ['a', 'b']) {
      const dir = ws.gitRepo(name, { 'berth.yaml': small });
      expect((await runInProcess(['sandbox', 'init'], { cwd: dir, env })).code).toBe(0);
    }
    const third = ws.gitRepo('c', { 'berth.yaml': small });
    const res = await runInProcess(['sandbox', 'init'], { cwd: third, env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('all 2 sandbox slots are in use: 1 demo--a, 2 demo--b');
  });

  it('exits 3 and registers nothing when a port of the slot is busy, naming the process', async () => {
    const { dir, berth, ws } = setup();
    const server = createServer();
    servers.push(server);
    await new Promise<void>((r) => server.listen(BASE + 101, '127.0.0.1', () => r()));
    const res = await berth(['sandbox', 'init']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(`${BASE + 101} (DEMO_DB_PORT) is held by pid ${process.pid}`);
    expect(existsSync(join(dir, '.env.sandbox'))).toBe(false);
    expect(existsSync(join(ws.home, 'sandbox', 'instances.json'))).toBe(false);
  });

  it.each([
    ['garbage', '{"version": 1, "instances": '],
    [
      'wrong shape',
      '{"version": 1, "instances": {"demo--a": {"instance_id": "demo--a", "slot": "x", "path": "/a"}}}',
    ],
    ['newer version', '{"version": 9, "instances": {}}'],
  ])('refuses a corrupt registry (%s) and changes nothing', async (_what, text) => {
    const { dir, berth, registry } = setup();
    mkdirSync(join(registry, '..'), { recursive: true });
    writeFileSync(registry, text);
    const res = await berth(['sandbox', 'init']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(registry);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(registry, 'utf8')).toBe(text);
    expect(existsSync(join(dir, '.env.sandbox'))).toBe(false);
  });

  it('refuses a registry that is a directory', async () => {
    const { dir, berth, registry } = setup();
    mkdirSync(registry, { recursive: true });
    const res = await berth(['sandbox', 'init']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('is a directory');
    expect(existsSync(join(dir, '.env.sandbox'))).toBe(false);
  });

  it('keeps the slot of an existing .env.sandbox when re-registering after a registry repair', async () => {
    const { dir, berth, registry } = setup();
    await berth(['sandbox', 'init', '--slot', '6']);
    writeFileSync(registry, '{ broken');
    const res = await berth(['sandbox', 'init']);
    expect(res.code).toBe(1);
    const repair = /mv '([^']+)' '([^']+)'/.exec(res.stderr)!;
    expect(repair[1]).toBe(registry);
    const { renameSync } = await import('node:fs');
    renameSync(repair[1]!, repair[2]!);
    const again = await berth(['sandbox', 'init']);
    expect(again.stdout).toContain('on slot 6');
    expect(readFileSync(join(dir, '.env.sandbox'), 'utf8')).toContain('SLOT_NUMBER=6');
  });
});

describe('berth local-prod init', () => {
  const workspace = useWorkspace();

  it('takes slot 0 with the standard ports and the local_prod env, once', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const clone = ws.gitRepo('prod', { 'berth.yaml': yaml });
    const res = await runInProcess(['local-prod', 'init'], { cwd: clone, env });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('registered demo-prod (local-prod) on slot 0');
    const file = readFileSync(join(clone, '.env.sandbox'), 'utf8');
    expect(file).toContain(`DEMO_API_PORT=${BASE}\n`);
    expect(file).toContain('HOST_SERVICE_URL=http://host.docker.internal:5001\n');
    const second = ws.gitRepo('prod2', { 'berth.yaml': yaml });
    const again = await runInProcess(['local-prod', 'init'], { cwd: second, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`there is already a local-prod: demo-prod at ${clone}`);
  });

  it('requires a clone, not a worktree', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const main = ws.gitRepo('main', { 'berth.yaml': yaml });
    const wt = join(ws.root, 'wt');
    git(main, ['worktree', 'add', '-q', '-b', 'wt', wt]);
    const res = await runInProcess(['local-prod', 'init'], { cwd: wt, env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`is a worktree of ${main}`);
    // a sandbox may be a worktree, and records where it belongs
    const sb = await runInProcess(['sandbox', 'init'], { cwd: wt, env });
    expect(sb.code).toBe(0);
    const reg = JSON.parse(readFileSync(join(ws.home, 'sandbox', 'instances.json'), 'utf8'));
    expect(reg.instances['demo--wt']).toMatchObject({ is_worktree: true, parent_repo: main, path: wt });
  });
});
