import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker, publishedPorts, resourcesOf } from '../helpers/docker.js';
import { runBerth, testEnv } from '../helpers/run.js';
import { expectSchema } from '../helpers/schemas.js';
import { git, useWorkspace } from '../helpers/workspace.js';

const TABLE: Record<number, number[]> = {
  0: [3000, 4317, 4318, 5003, 5004, 5005, 5006, 5432, 8000, 9090, 16686],
  1: [3001, 4327, 4328, 5007, 5008, 5009, 5010, 5433, 8001, 9091, 16687],
  2: [3002, 4337, 4338, 5017, 5018, 5019, 5020, 5434, 8002, 9092, 16688],
};

describe('the lifecycle on a real engine', () => {
  const workspace = useWorkspace();

  const setup = () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const berth = (args: string[], cwd: string, extra: Partial<{ input: string }> = {}) =>
      runBerth(args, { cwd, env, timeoutMs: 170_000, ...extra });
    const checkout = (name: string) => {
      const dir = ws.exampleCheckout(name);
      return dir;
    };
    const id = (name: string) => ws.trackProject(`${ws.project}--${name}`);
    const prodId = ws.trackProject(`${ws.project}-prod`);
    return { ws, env, berth, checkout, id, prodId };
  };

  it('runs two sandboxes and the local-prod at once, healthy, on the ports of the table', async () => {
    const { ws, berth, checkout, id, prodId } = setup();
    const a = checkout(`${ws.project}--a`);
    const b = checkout(`${ws.project}--b`);
    const prod = checkout('prod');
    const ids = [id('a'), id('b')];
    expect((await berth(['sandbox', 'init'], a)).code).toBe(0);
    expect((await berth(['sandbox', 'init'], b)).code).toBe(0);
    expect((await berth(['local-prod', 'init'], prod)).code).toBe(0);

    const ups = await Promise.all([
      berth(['sandbox', 'up'], a),
      berth(['sandbox', 'up'], b),
      berth(['local-prod', 'up'], prod),
    ]);
    for (const res of ups) {
      expect(res.stderr).toContain('ok    Workers');
      expect(res.code, res.stderr).toBe(0);
    }
    expect(ups[0]!.stdout).toContain('is up and healthy');

    expect((await publishedPorts(ids[0]!)).map((p) => p.hostPort)).toEqual(TABLE[1]);
    expect((await publishedPorts(ids[1]!)).map((p) => p.hostPort)).toEqual(TABLE[2]);
    expect((await publishedPorts(prodId)).map((p) => p.hostPort)).toEqual(TABLE[0]);

    // local-prod reaches the host: its env and host.docker.internal in every container
    const hosts = await docker(['exec', `${prodId}-backend-1`, 'cat', '/etc/hosts']);
    expect(hosts.stdout).toContain('host.docker.internal');
    const prodEnv = await docker(['exec', `${prodId}-backend-1`, 'sh', '-c', 'echo $IB_HOST_SERVICE_URL']);
    expect(prodEnv.stdout.trim()).toBe('http://host.docker.internal:5001');
    const sandboxEnv = await docker(['exec', `${ids[0]}-backend-1`, 'sh', '-c', 'echo $USE_IB_HOST_SERVICE']);
    expect(sandboxEnv.stdout.trim()).toBe('false');

    const list = JSON.parse((await berth(['sandbox', 'list', '--json'], a)).stdout);
    expectSchema('list', list);
    // the one Engine API query and the docker CLI see the same containers
    const { listComposeContainers, listWithCli } = await import('../../src/infra/containers.js');
    const byName = (xs: { name?: string }[] | undefined) =>
      [...(xs ?? [])].sort((x, y) => (x.name ?? '').localeCompare(y.name ?? ''));
    expect(byName(await listComposeContainers(ids[0]))).toEqual(byName(await listWithCli(ids[0])));
    expect(
      list.instances.map((i: { id: string; status: string; url: string }) => [i.id, i.status, i.url]),
    ).toEqual([
      [prodId, 'running', 'http://localhost:8000'],
      [ids[0], 'running', 'http://localhost:8001'],
      [ids[1], 'running', 'http://localhost:8002'],
    ]);
    const status = JSON.parse((await berth(['sandbox', 'status', '--json'], b)).stdout);
    expectSchema('status', status);
    expect(status).toMatchObject({
      id: ids[1],
      flavor: 'sandbox',
      slot: 2,
      path: b,
      status: 'running',
      url: 'http://localhost:8002',
    });
    expect(status.ports.KTRDR_WORKER_PORT_1).toBe(5017);
    expect(status.services.map((s: { name: string }) => s.name)).toEqual([
      'backend',
      'db',
      'grafana',
      'jaeger',
      'prometheus',
      'worker-1',
      'worker-2',
      'worker-3',
      'worker-4',
    ]);
    expect(status.services[0]).toEqual({ name: 'backend', state: 'running', health: 'healthy' });
    const byId = JSON.parse((await berth(['sandbox', 'status', ids[1]!, '--json'], a)).stdout);
    expect(byId).toMatchObject({ id: ids[1], slot: 2, status: 'running' });
    const prodStatus = JSON.parse((await berth(['local-prod', 'status', '--json'], a)).stdout);
    expect(prodStatus.services.map((s: { name: string }) => s.name)).toContain('host-bridge');

    // up again is idempotent: its own ports are not a conflict
    const again = await berth(['sandbox', 'up', '--json'], a);
    expect(again.code).toBe(0);
    expectSchema('up', JSON.parse(again.stdout));
    expect(JSON.parse(again.stdout).gate.passed).toBe(true);
    const checked = await berth(['sandbox', 'status', '--check', '--json'], a);
    expect(checked.code).toBe(0);
    expectSchema('status', JSON.parse(checked.stdout));
    expect(JSON.parse(checked.stdout).gate.checks.map((c: { status: string }) => c.status)).not.toContain(
      'failed',
    );

    // partial and stopped, seen the same by list and status
    await docker(['stop', '-t', '1', `${ids[0]}-worker-2-1`]);
    const partial = JSON.parse((await berth(['sandbox', 'list', '--json'], a)).stdout).instances[1];
    expect(partial).toMatchObject({ id: ids[0], status: 'partial', running: 8, total: 9 });
    expect(JSON.parse((await berth(['sandbox', 'status', '--json'], a)).stdout).status).toBe('partial');
    const down = await berth(['sandbox', 'down', '--json'], a);
    expect(down.code).toBe(0);
    expectSchema('down', JSON.parse(down.stdout));
    expect(JSON.parse((await berth(['sandbox', 'list', '--json'], a)).stdout).instances[1].status).toBe(
      'stopped',
    );
  });

  it('destroys only the registered path: a copy or an unregistered checkout is refused, a clone is kept', async () => {
    const { ws, berth, checkout, id } = setup();
    const a = checkout(`${ws.project}--keep`);
    const prod = checkout('prod');
    const aid = id('keep');
    await berth(['sandbox', 'init'], a);
    await berth(['local-prod', 'init'], prod);
    expect((await berth(['sandbox', 'up', '--no-wait'], a)).code).toBe(0);
    const registry = join(ws.home, 'sandbox', 'instances.json');
    const before = readFileSync(registry, 'utf8');

    // a copy of the instance (its .env.sandbox names the instance registered elsewhere)
    const copy = join(ws.root, 'copy-of-a');
    cpSync(a, copy, { recursive: true });
    const fromCopy = await berth(['sandbox', 'destroy', '--force'], copy);
    expect(fromCopy.code).toBe(1);
    expect(fromCopy.stderr).toContain(
      `is a copy or move of ${aid}, which is registered at ${a}; berth touched nothing`,
    );
    expect(existsSync(join(copy, '.env.sandbox'))).toBe(true);

    // an unregistered checkout
    const stranger = ws.gitRepo('stranger', {
      'berth.yaml': readFileSync(join(a, 'berth.yaml'), 'utf8'),
      'work.txt': 'mine',
    });
    const res = await berth(['sandbox', 'destroy', '--force'], stranger);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('is not a registered sandbox');
    expect(readFileSync(join(stranger, 'work.txt'), 'utf8')).toBe('mine');

    expect(readFileSync(registry, 'utf8')).toBe(before);
    expect((await publishedPorts(aid)).length).toBe(11);

    // no terminal and no --force: refuse
    const noTty = await berth(['sandbox', 'destroy'], a);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toContain('needs confirmation');

    // local-prod destroy works from anywhere and keeps the clone
    const prodDestroy = await berth(['local-prod', 'destroy', '--force'], a);
    expect(prodDestroy.code, prodDestroy.stderr).toBe(0);
    expect(existsSync(join(prod, 'berth.yaml'))).toBe(true);
    expect(existsSync(join(prod, '.env.sandbox'))).toBe(false);

    // the sandbox clone: containers and volumes go, the clone stays
    const destroyA = await berth(['sandbox', 'destroy', '--force'], a);
    expect(destroyA.code, destroyA.stderr).toBe(0);
    expect(existsSync(join(a, 'berth.yaml'))).toBe(true);
    expect(existsSync(copy)).toBe(true);
    expect(await resourcesOf(aid)).toEqual({ containers: [], volumes: [] });
    expect(JSON.parse(readFileSync(registry, 'utf8'))).toMatchObject({
      local_prod: null,
      instances: {},
      allocated_slots: [],
    });
  });

  it('creates worktrees on new and existing branches, and removes them safely on destroy', async () => {
    const { ws, berth, checkout, id } = setup();
    const main = checkout(ws.project);
    id('wt');
    id('old');
    const created = await berth(['sandbox', 'create', 'wt'], main);
    expect(created.code, created.stderr).toBe(0);
    const wt = join(ws.root, `${ws.project}--wt`);
    expect(created.stdout).toContain(`created ${wt} on new branch wt`);
    expect(git(wt, ['branch', '--show-current']).trim()).toBe('wt');

    git(main, ['branch', 'existing']);
    const onExisting = await berth(['sandbox', 'create', 'old', '--branch', 'existing'], main);
    expect(onExisting.code, onExisting.stderr).toBe(0);
    const old = join(ws.root, `${ws.project}--old`);
    expect(git(old, ['branch', '--show-current']).trim()).toBe('existing');
    expect(onExisting.stdout).toContain('on branch existing');

    const again = await berth(['sandbox', 'create', 'wt'], main);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists; nothing was created');

    // unsaved work blocks destroy; --keep-worktree keeps the directory
    writeFileSync(join(wt, 'notes.txt'), 'draft');
    const dirty = await berth(['sandbox', 'destroy', '--force'], wt);
    expect(dirty.code).toBe(0); // --force overrides
    expect(existsSync(wt)).toBe(false);

    git(old, ['commit', '-q', '--allow-empty', '-m', 'local work']);
    const unpushed = await berth(['sandbox', 'destroy'], old);
    expect(unpushed.code).toBe(1);
    expect(unpushed.stderr).toContain('1 commit(s) that no other branch or remote holds');
    const keep = await berth(['sandbox', 'destroy', '--force', '--keep-worktree'], old);
    expect(keep.code).toBe(0);
    expect(existsSync(join(old, 'berth.yaml'))).toBe(true);
    expect(existsSync(main)).toBe(true);
  });

  it('gives a reused slot and a reused name fresh volumes', async () => {
    const { ws, berth, checkout, id } = setup();
    const cluster = async (project: string) =>
      (await docker(['exec', `${project}-db-1`, 'cat', '/var/lib/ktrdr-db/cluster_id'])).stdout.trim();
    const first = checkout(`${ws.project}--one`);
    const firstId = id('one');
    await berth(['sandbox', 'init'], first);
    expect((await berth(['sandbox', 'up', '--no-wait'], first)).code).toBe(0);
    const firstCluster = await cluster(firstId);
    expect((await berth(['sandbox', 'destroy', '--force'], first)).code).toBe(0);

    const second = checkout(`${ws.project}--two`);
    const secondId = id('two');
    expect((await berth(['sandbox', 'init'], second)).stdout).toContain('on slot 1');
    expect((await berth(['sandbox', 'up', '--no-wait'], second)).code).toBe(0);
    const secondCluster = await cluster(secondId);
    expect(secondCluster).not.toBe(firstCluster);

    // the directory vanishes without a destroy: clean drops the entry and its containers and volumes
    rmSync(second, { recursive: true, force: true });
    expect((await berth(['sandbox', 'clean', '--dry-run'], first)).stdout).toContain(
      `would drop ${secondId}`,
    );
    const cleanJson = await berth(['sandbox', 'clean', '--dry-run', '--json'], first);
    expectSchema('clean', JSON.parse(cleanJson.stdout));
    expect(JSON.parse(cleanJson.stdout).removed_projects).toEqual([secondId]);
    const clean = await berth(['sandbox', 'clean'], first);
    expect(clean.stdout).toContain(`dropped ${secondId}`);
    expect(clean.stdout).toContain(`removed compose project ${secondId}`);
    const reborn = checkout(`${ws.project}--two`);
    expect((await berth(['sandbox', 'init'], reborn)).code).toBe(0);
    expect((await berth(['sandbox', 'up', '--no-wait'], reborn)).code).toBe(0);
    const rebornCluster = await cluster(secondId);
    expect(rebornCluster).not.toBe(secondCluster);

    // the registry lost its entry (say it was repaired) while the containers ran on:
    // a new clone of that name must not inherit them
    const registry = join(ws.home, 'sandbox', 'instances.json');
    const doc = JSON.parse(readFileSync(registry, 'utf8'));
    delete doc.instances[secondId];
    doc.allocated_slots = [];
    writeFileSync(registry, JSON.stringify(doc));
    rmSync(reborn, { recursive: true, force: true });
    const third = checkout(`${ws.project}--two`);
    const init = await berth(['sandbox', 'init'], third);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain(`removed what an earlier ${secondId} left on the engine`);
    expect((await berth(['sandbox', 'up', '--no-wait'], third)).code).toBe(0);
    expect(await cluster(secondId)).not.toBe(rebornCluster);
  });

  it('leaves the registry unchanged when up fails, and refuses conflicts before starting anything', async () => {
    const { ws, berth, checkout, id } = setup();
    const dir = checkout(`${ws.project}--bad`);
    const bid = id('bad');
    await berth(['sandbox', 'init'], dir);
    const registry = join(ws.home, 'sandbox', 'instances.json');
    const before = readFileSync(registry, 'utf8');
    const compose = join(dir, 'docker-compose.sandbox.yml');
    const good = readFileSync(compose, 'utf8');

    writeFileSync(compose, `${good}\n  broken: [this is not a service\n`);
    const broken = await berth(['sandbox', 'up'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('docker compose config failed');
    expect(readFileSync(registry, 'utf8')).toBe(before);

    // a port published outside the slot's table would collide across sandboxes
    writeFileSync(
      compose,
      good.replace('"${KTRDR_DB_PORT:-5432}:5432"', '"${KTRDR_DB_PORT:-5432}:5432", "5999:5432"'),
    );
    const stray = await berth(['sandbox', 'up'], dir);
    expect(stray.code).toBe(64);
    expect(stray.stderr).toContain('db publishes 5999, which is not a port of slot 1');
    // a fixed container name would collide between copies
    writeFileSync(
      compose,
      good.replace('    command: [db]\n', '    command: [db]\n    container_name: ktrdr-db\n'),
    );
    const named = await berth(['sandbox', 'up'], dir);
    expect(named.code).toBe(64);
    expect(named.stderr).toContain('db sets container_name: ktrdr-db');
    writeFileSync(compose, good);

    // something else holds a port of the slot: exit 3, name it, start nothing
    const { createServer } = await import('node:net');
    const server = createServer().listen(5433, '0.0.0.0');
    await new Promise((r) => server.once('listening', r));
    try {
      const conflict = await berth(['sandbox', 'up'], dir);
      expect(conflict.code).toBe(3);
      expect(conflict.stderr).toContain(`5433 (KTRDR_DB_PORT) is held by pid ${process.pid}`);
    } finally {
      server.close();
    }
    expect((await resourcesOf(bid)).containers).toEqual([]);
    expect(readFileSync(registry, 'utf8')).toBe(before);
  });

  it('reports a failing gate with the check, its error and the service logs, and exits 2', async () => {
    const { ws, berth, checkout, id } = setup();
    const dir = checkout(`${ws.project}--gate`);
    id('gate');
    const yaml = readFileSync(join(dir, 'berth.yaml'), 'utf8')
      .replace('min_items: 4', 'min_items: 5')
      .replace('timeout: 120', 'timeout: 6');
    writeFileSync(join(dir, 'berth.yaml'), yaml);
    await berth(['sandbox', 'init'], dir);
    const res = await berth(['sandbox', 'up'], dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('gate failed after 6 s: Workers: 4 items, need 5');
    expect(res.stderr).toContain('last log lines of backend:');
  });

  it('passes shell exit codes through without a terminal, and shows logs', async () => {
    const { ws, berth, checkout, id } = setup();
    const dir = checkout(`${ws.project}--sh`);
    id('sh');
    await berth(['sandbox', 'init'], dir);
    expect((await berth(['sandbox', 'up', '--no-wait'], dir)).code).toBe(0);
    const shell = await berth(['sandbox', 'shell'], dir, { input: 'echo "in $INSTANCE_ID"; exit 7\n' });
    expect(shell.stdout).toContain(`in ${ws.project}--sh`);
    expect(shell.code).toBe(7);
    const db = await berth(['sandbox', 'shell', 'db'], dir, { input: 'cat /var/lib/ktrdr-db/PG_VERSION\n' });
    expect(db.stdout.trim()).toBe('16');
    const logs = await berth(['sandbox', 'logs', 'db', '--tail', '5'], dir);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('db: initialised cluster');
    expect(logs.stdout).not.toContain('\x1b[');
  });
});

describe('Ctrl-C', () => {
  const workspace = useWorkspace();

  it('during up stops compose as a group, exits 130 and leaves a consistent state', async () => {
    const ws = workspace();
    const dir = ws.exampleCheckout(`${ws.project}--int`);
    const id = ws.trackProject(`${ws.project}--int`);
    const env = testEnv({ BERTH_HOME: ws.home });
    expect((await runBerth(['sandbox', 'init'], { cwd: dir, env })).code).toBe(0);
    const registry = readFileSync(join(ws.home, 'sandbox', 'instances.json'), 'utf8');

    const { spawn } = await import('node:child_process');
    const { berthBin } = await import('../helpers/paths.js');
    // --build makes compose busy long enough to be interrupted while it works
    const child = spawn(process.execPath, [berthBin, 'sandbox', 'up', '--build'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (stderr.includes('starting')) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGINT');
    const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted: compose up was stopped');

    // no compose process of this project is left running
    const { execFileSync } = await import('node:child_process');
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps.split('\n').filter((l) => l.includes(`compose -p ${id}`))).toEqual([]);
    // the registry is as it was, and the instance can be brought down and up again
    expect(readFileSync(join(ws.home, 'sandbox', 'instances.json'), 'utf8')).toBe(registry);
    expect((await runBerth(['sandbox', 'down'], { cwd: dir, env })).code).toBe(0);
    const again = await runBerth(['sandbox', 'up'], { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
  });
});

describe('destroy on a broken checkout', () => {
  const workspace = useWorkspace();

  it('still removes the containers and volumes by label when compose cannot read the files', async () => {
    const ws = workspace();
    const dir = ws.exampleCheckout(`${ws.project}--broken`);
    const id = ws.trackProject(`${ws.project}--broken`);
    const env = testEnv({ BERTH_HOME: ws.home });
    expect((await runBerth(['sandbox', 'init'], { cwd: dir, env })).code).toBe(0);
    expect((await runBerth(['sandbox', 'up', '--no-wait'], { cwd: dir, env })).code).toBe(0);
    // say, a branch without the compose file is checked out
    rmSync(join(dir, 'docker-compose.sandbox.yml'));
    const res = await runBerth(['sandbox', 'destroy', '--force'], { cwd: dir, env });
    expect(res.code, res.stderr).toBe(0);
    expect(await resourcesOf(id)).toEqual({ containers: [], volumes: [] });
  });
});
