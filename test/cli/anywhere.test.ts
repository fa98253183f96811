import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getEffectiveApiUrl } from '../../src/app/url.js';
import { testConfigYaml } from '../helpers/config.js';
import { exampleDir } from '../helpers/paths.js';
import { runBerth, runInProcess, testEnv } from '../helpers/run.js';
import { expectSchema } from '../helpers/schemas.js';
import { specPorts } from '../helpers/spec-table.js';
import { useWorkspace } from '../helpers/workspace.js';

const BASE = 23000;
const yaml = testConfigYaml({ base: BASE });

describe('berth ports', () => {
  const workspace = useWorkspace();

  it('prints the example table for a slot, as JSON keyed by env name', async () => {
    const res = await runBerth(['ports', '2', '--json'], { cwd: exampleDir });
    expect(res.code).toBe(0);
    expectSchema('ports', JSON.parse(res.stdout));
    expect(JSON.parse(res.stdout)).toEqual({ slot: 2, ports: specPorts(2) });
  });

  it.each([[['-1']], [['11']], [['abc']], [['--', '-1']]])('refuses slot %j with exit 64', async (args) => {
    const res = await runInProcess(['ports', ...args], { cwd: exampleDir });
    expect(res.code).toBe(64);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('asks for a slot outside an instance, and uses the instance slot inside one', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const dir = ws.gitRepo('demo--p', { 'berth.yaml': yaml });
    const outside = await runInProcess(['ports'], { cwd: dir, env });
    expect(outside.code).toBe(64);
    expect(outside.stderr).toContain('name a slot: berth ports 0..10');
    await runInProcess(['sandbox', 'init', '--slot', '3'], { cwd: dir, env });
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    const inside = await runInProcess(['ports', '--json'], { cwd: join(dir, 'src', 'deep'), env });
    expect(JSON.parse(inside.stdout).ports.DEMO_API_PORT).toBe(BASE + 3);
  });
});

describe('berth url', () => {
  const workspace = useWorkspace();

  it('follows --url, then --port, then .env.sandbox, then the standard port', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home, DEMO_API_PORT: '9999', BERTH_API_URL: 'http://wrong' });
    const dir = ws.gitRepo('demo--u', { 'berth.yaml': yaml });
    const url = async (...args: string[]) => (await runInProcess(['url', ...args], { cwd: dir, env })).stdout;
    expect(await url()).toBe(`http://localhost:${BASE}\n`);
    await runInProcess(['sandbox', 'init', '--slot', '2'], { cwd: dir, env });
    expect(await url()).toBe(`http://localhost:${BASE + 2}\n`);
    expect(await url('--port', '1234')).toBe('http://localhost:1234\n');
    expect(await url('--url', 'http://example.test:8080/', '--port', '1')).toBe('http://example.test:8080\n');
  });

  it('reads a hand-written .env.sandbox through the config', async () => {
    const ws = workspace();
    const dir = ws.gitRepo('demo--h', { 'berth.yaml': yaml, '.env.sandbox': 'DEMO_API_PORT=8123\n' });
    expect(await getEffectiveApiUrl({ cwd: dir })).toMatchObject({
      url: 'http://localhost:8123',
      source: 'env-file',
    });
  });

  it.each([
    [['--port', '0'], "--port '0' is not a port number"],
    [['--port', 'http'], "--port 'http' is not a port number"],
    [['--url', 'localhost:8000'], "--url 'localhost:8000' is not an http(s) URL"],
    [['--url', 'nope'], "--url 'nope' is not a URL"],
  ])('refuses %j with exit 64', async (args, message) => {
    const res = await runInProcess(['url', ...args], { cwd: exampleDir });
    expect(res.code).toBe(64);
    expect(res.stderr).toContain(message);
  });

  it('says what to do where there is no berth.yaml', async () => {
    const ws = workspace();
    const res = await runInProcess(['url'], { cwd: ws.root });
    expect(res.code).toBe(64);
    expect(res.stderr).toContain('no berth.yaml in');
  });
});

describe('berth sandbox list, init-shared and clean', () => {
  const workspace = useWorkspace();

  it('lists both flavors from the registry, and drops entries whose directory is gone', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const prod = ws.gitRepo('prod', { 'berth.yaml': yaml });
    const a = ws.gitRepo('demo--a', { 'berth.yaml': yaml });
    const b = ws.gitRepo('demo--b', { 'berth.yaml': yaml });
    for (const [dir, flavor] of [
      [prod, 'local-prod'],
      [a, 'sandbox'],
      [b, 'sandbox'],
    ] as const) {
      expect((await runInProcess([flavor, 'init'], { cwd: dir, env })).code).toBe(0);
    }
    rmSync(b, { recursive: true });
    const list = await runBerth(['sandbox', 'list', '--json'], { cwd: a, env });
    expect(list.code).toBe(0);
    const doc = JSON.parse(list.stdout);
    expectSchema('list', doc);
    expect(doc.instances).toEqual([
      {
        id: 'demo-prod',
        flavor: 'local-prod',
        slot: 0,
        path: prod,
        status: 'stopped',
        url: `http://localhost:${BASE}`,
      },
      {
        id: 'demo--a',
        flavor: 'sandbox',
        slot: 1,
        path: a,
        status: 'stopped',
        url: `http://localhost:${BASE + 1}`,
      },
      {
        id: 'demo--b',
        flavor: 'sandbox',
        slot: 2,
        path: b,
        status: 'missing',
        url: `http://localhost:${BASE + 2}`,
      },
    ]);
    const human = await runInProcess(['sandbox', 'list'], { cwd: a, env });
    expect(human.stdout.split('\n')[0]).toMatch(/^ID\s+FLAVOR\s+SLOT\s+STATUS\s+URL\s+PATH$/);

    const dry = await runInProcess(['sandbox', 'clean', '--dry-run'], { cwd: a, env });
    expect(dry.stdout).toContain(`would drop demo--b (slot 2): ${b} is gone`);
    expect(
      JSON.parse(readFileSync(join(ws.home, 'sandbox', 'instances.json'), 'utf8')).allocated_slots,
    ).toEqual([1, 2]);
    const clean = await runInProcess(['sandbox', 'clean'], { cwd: a, env });
    expect(clean.stdout).toContain(`dropped demo--b (slot 2): ${b} is gone`);
    const reg = JSON.parse(readFileSync(join(ws.home, 'sandbox', 'instances.json'), 'utf8'));
    expect(Object.keys(reg.instances)).toEqual(['demo--a']);
    expect(reg.allocated_slots).toEqual([1]);
  });

  it('fills the shared dirs without overwriting anything', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const dir = ws.gitRepo('demo--s', {
      'berth.yaml': yaml,
      'data/a.csv': 'new a',
      'data/sub/b.csv': 'new b',
      'models/m.json': '{}',
    });
    mkdirSync(join(ws.home, 'shared', 'data'), { recursive: true });
    writeFileSync(join(ws.home, 'shared', 'data', 'a.csv'), 'precious');
    const res = await runInProcess(['sandbox', 'init-shared'], { cwd: dir, env });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(
      `${join(ws.home, 'shared', 'data')}: copied 1 file(s) from ${join(dir, 'data')}, kept 1 existing`,
    );
    expect(readFileSync(join(ws.home, 'shared', 'data', 'a.csv'), 'utf8')).toBe('precious');
    expect(readFileSync(join(ws.home, 'shared', 'data', 'sub', 'b.csv'), 'utf8')).toBe('new b');
    expect(existsSync(join(ws.home, 'shared', 'models', 'm.json'))).toBe(true);

    const missing = await runInProcess(['sandbox', 'init-shared', '--from', 'nowhere'], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--from nowhere: no such directory');

    const ws2 = join(ws.root, 'home2');
    const minimal = await runInProcess(['sandbox', 'init-shared', '--minimal'], {
      cwd: dir,
      env: testEnv({ BERTH_HOME: ws2 }),
    });
    expect(minimal.code).toBe(0);
    expect(existsSync(join(ws2, 'shared', 'models'))).toBe(true);
    expect(existsSync(join(ws2, 'shared', 'models', 'm.json'))).toBe(false);
  });
});

describe('the config cache', () => {
  const workspace = useWorkspace();

  it('never serves a config older than the file', async () => {
    const ws = workspace();
    const dir = ws.gitRepo('demo--cache', { 'berth.yaml': testConfigYaml({ base: BASE, slots: 3 }) });
    const env = testEnv({ BERTH_HOME: ws.home });
    expect((await runBerth(['ports', '3'], { cwd: dir, env })).code).toBe(0);
    expect((await runBerth(['ports', '5'], { cwd: dir, env })).code).toBe(64);
    writeFileSync(join(dir, 'berth.yaml'), testConfigYaml({ base: BASE, slots: 5 }));
    expect((await runBerth(['ports', '5'], { cwd: dir, env })).code).toBe(0);
    writeFileSync(join(dir, 'berth.yaml'), testConfigYaml({ base: BASE, slots: 5, extra: 'bogus: 1' }));
    const bad = await runBerth(['ports', '5'], { cwd: dir, env });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("unknown key 'bogus'");
  });
});
