// berth's benchmarks: each runs berth and the alternative in the same run and
// reports medians and ratios. `npm run bench` runs all; name some to pick:
//   npm run bench -- startup gate
// Build first (npm run build). Results are printed as a Markdown table.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const berthBin = join(root, 'bin', 'berth');
const picked = process.argv.slice(2);
const want = (name) => picked.length === 0 || picked.includes(name);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

function runOnce(command, args, options) {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(command, args, { stdio: 'ignore', ...options });
  const t = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${res.status}`);
  return t;
}

function timeCommand(command, args, options, runs, warmup = 2) {
  const times = [];
  for (let i = 0; i < runs + warmup; i++) {
    const t = runOnce(command, args, options);
    if (i >= warmup) times.push(t); // warm-up runs fill the page cache
  }
  return median(times);
}

/**
 * Medians of several commands measured in turns, one run of each per turn,
 * so that a burst of load on the machine hits them all alike.
 * `cases` maps a name to [command, args, options].
 */
function compare(cases, runs, warmup = 2) {
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < runs + warmup; i++) {
    for (const [name, [command, args, options]] of Object.entries(cases)) {
      const t = runOnce(command, args, options);
      if (i >= warmup) times[name].push(t);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
}

console.log(
  `# berth benchmarks\n\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
);

if (want('startup')) {
  // Cold start of the cheap commands against bare node, alternated so that
  // machine noise hits both alike.
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-'));
  const checkout = join(dir, 'ktrdr--bench');
  cpSync(join(root, 'examples', 'ktrdr'), checkout, { recursive: true });
  spawnSync('git', ['init', '-q'], { cwd: checkout });
  const env = { ...process.env, BERTH_HOME: join(dir, 'home') };
  const init = spawnSync(process.execPath, [berthBin, 'sandbox', 'init'], {
    cwd: checkout,
    env,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`berth sandbox init failed: ${init.stderr}`);
  const runs = 30;
  const rows = [];
  const cases = [
    ['berth --version', ['--version']],
    ['berth url', ['url']],
    ['berth ports', ['ports']],
    ['berth ports 3 --json', ['ports', '3', '--json']],
  ];
  for (const [label, args] of cases) {
    const m = compare(
      {
        node: [process.execPath, ['-e', '0'], { cwd: checkout, env }],
        berth: [berthBin, args, { cwd: checkout, env }],
      },
      runs,
    );
    rows.push(`| ${label} | ${ms(m.berth)} | ${ms(m.node)} | ${(m.berth / m.node).toFixed(2)}× |`);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log('## Cold start against `node -e 0` (medians)\n');
  console.log('| command | berth | node -e 0 | ratio |\n| --- | --- | --- | --- |');
  console.log(`${rows.join('\n')}\n`);
}

if (want('gate')) {
  // Detection latency: the time from the moment a service becomes ready to
  // the moment the gate says so, for berth's gate and for a sequential 2 s
  // poller (the seed's gate), on the same kind of real HTTP listener.
  const lib = await import(pathToFileURL(join(root, 'dist', 'lib', 'index.js')).href);
  const trials = 12;

  async function trial(gate) {
    let readyAt = 0;
    let ready = false;
    const server = createServer((_req, res) => {
      if (ready) res.end('[1,2,3,4]');
      else res.writeHead(503).end();
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const port = server.address().port;
    const delay = 300 + Math.random() * 2700;
    setTimeout(() => {
      ready = true;
      readyAt = performance.now();
    }, delay);
    await gate(port);
    const latency = performance.now() - readyAt;
    await new Promise((r) => server.close(r));
    return latency;
  }

  const berthGate = (port) =>
    lib.runGate(
      [{ name: 'api', attempt: (t) => lib.probeHttp(port, '/', { status: [200], minItems: 4 }, t) }],
      { timeoutMs: 60_000 },
    );
  const poller2s = async (port) => {
    for (;;) {
      if ((await lib.probeHttp(port, '/', { status: [200], minItems: 4 }, 2000)) === undefined) return;
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  const ours = [];
  const theirs = [];
  for (let i = 0; i < trials; i++) {
    ours.push(await trial(berthGate));
    theirs.push(await trial(poller2s));
  }
  const o = median(ours);
  const t = median(theirs);
  console.log('## Gate detection latency (readiness → gate pass, medians of %d trials)\n', trials);
  console.log('| gate | median | worst | ratio |\n| --- | --- | --- | --- |');
  console.log(`| berth gate | ${ms(o)} | ${ms(Math.max(...ours))} | 1× |`);
  console.log(`| 2 s poller | ${ms(t)} | ${ms(Math.max(...theirs))} | ${(t / o).toFixed(0)}× slower |\n`);
}

function makeCheckouts(dir, names) {
  return names.map((name) => {
    const checkout = join(dir, name);
    cpSync(join(root, 'examples', 'ktrdr'), checkout, { recursive: true });
    spawnSync('git', ['init', '-q'], { cwd: checkout });
    return checkout;
  });
}

function berthIn(cwd, env, args) {
  const res = spawnSync(process.execPath, [berthBin, ...args], { cwd, env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`berth ${args.join(' ')} failed in ${cwd}: ${res.stderr}`);
  return res.stdout;
}

if (want('list')) {
  // `sandbox list --json` over 10 registered instances of the example stack
  // (90 containers, healthy and settled), against `docker compose ls` (one
  // engine query, in Go), against `docker compose -p <id> ps` once per
  // instance, and against the floor for any node CLI: node running a script
  // that makes the same engine query and parses it, and nothing else.
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-list-'));
  const floorScript = join(dir, 'one-query.cjs');
  writeFileSync(
    floorScript,
    `const s = require('net').connect((process.env.DOCKER_HOST || '').replace('unix://', '') || '/var/run/docker.sock'), c = [];
s.on('connect', () => s.write('GET /containers/json?all=1&filters=' +
  encodeURIComponent(JSON.stringify({ label: ['com.docker.compose.project'] })) + ' HTTP/1.0\\r\\nHost: docker\\r\\n\\r\\n'));
s.on('data', (d) => c.push(d));
s.on('end', () => { const b = Buffer.concat(c); JSON.parse(b.subarray(b.indexOf('\\r\\n\\r\\n') + 4).toString()); });
`,
  );
  const env = { ...process.env, BERTH_HOME: join(dir, 'home') };
  const names = Array.from({ length: 10 }, (_, i) => `ktrdr--bench${i + 1}`);
  const checkouts = makeCheckouts(dir, names);
  const rows = [];
  try {
    for (const c of checkouts) berthIn(c, env, ['sandbox', 'init']);
    // Up through the gate, one after another: measured on a settled machine.
    for (const c of checkouts) berthIn(c, env, ['sandbox', 'up']);
    const measure = (state) => {
      const m = compare(
        {
          node: [process.execPath, ['-e', '0'], {}],
          berth: [berthBin, ['sandbox', 'list', '--json'], { cwd: checkouts[0], env }],
          floor: [process.execPath, [floorScript], {}],
          ls: ['docker', ['compose', 'ls', '--all'], {}],
        },
        40,
      );
      const ps = [];
      for (let round = 0; round < 5; round++) {
        const t0 = process.hrtime.bigint();
        for (const id of names) spawnSync('docker', ['compose', '-p', id, 'ps', '-a'], { stdio: 'ignore' });
        ps.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const base = m.berth;
      const status = JSON.parse(berthIn(checkouts[0], env, ['sandbox', 'list', '--json'])).instances.map(
        (i) => i.status,
      );
      const vs = (x) => `${ms(x)} (${(base / x).toFixed(2)}×)`;
      rows.push(
        `| ${state} (${[...new Set(status)].join(', ')}) | ${ms(base)} | ${vs(m.node)} | ${vs(m.floor)} | ${vs(m.ls)} | ${vs(median(ps))} |`,
      );
    };
    measure('10 running');
    spawnSync('docker', ['stop', '-t', '1', `${names[0]}-worker-1-1`], { stdio: 'ignore' });
    measure('one partial');
    for (const c of checkouts) berthIn(c, env, ['sandbox', 'down']);
    measure('10 stopped');
  } finally {
    for (const c of checkouts)
      spawnSync(process.execPath, [berthBin, 'sandbox', 'destroy', '--force'], {
        cwd: c,
        env,
        stdio: 'ignore',
      });
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('## `berth sandbox list --json` with 10 instances of the example (medians)\n');
  console.log(
    '| state | berth | node -e 0 | node + the one query | docker compose ls | docker compose -p ID ps × 10 |\n| --- | --- | --- | --- | --- | --- |',
  );
  console.log(`${rows.join('\n')}\n`);
}

if (want('up')) {
  // `berth sandbox up` (checks, compose up, gate) against `docker compose up
  // -d --wait` on the same built, stopped stack.
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-up-'));
  const env = { ...process.env, BERTH_HOME: join(dir, 'home') };
  const [checkout] = makeCheckouts(dir, ['ktrdr--benchup']);
  const compose = [
    'compose',
    '-p',
    'ktrdr--benchup',
    '-f',
    'docker-compose.sandbox.yml',
    '--env-file',
    '.env.sandbox',
  ];
  const ours = [];
  const theirs = [];
  try {
    berthIn(checkout, env, ['sandbox', 'init']);
    berthIn(checkout, env, ['sandbox', 'up']);
    for (let round = 0; round < 4; round++) {
      berthIn(checkout, env, ['sandbox', 'down']);
      ours.push(timeCommand(berthBin, ['sandbox', 'up'], { cwd: checkout, env }, 1, 0));
      berthIn(checkout, env, ['sandbox', 'down']);
      theirs.push(timeCommand('docker', [...compose, 'up', '-d', '--wait'], { cwd: checkout, env }, 1, 0));
    }
  } finally {
    spawnSync(process.execPath, [berthBin, 'sandbox', 'destroy', '--force'], {
      cwd: checkout,
      env,
      stdio: 'ignore',
    });
    rmSync(dir, { recursive: true, force: true });
  }
  const o = median(ours);
  const t = median(theirs);
  console.log(
    '## `berth sandbox up` against `docker compose up -d --wait` (built, stopped stack; medians)\n',
  );
  console.log('| command | median | ratio |\n| --- | --- | --- |');
  console.log(`| berth sandbox up (port checks, compose up, gate) | ${ms(o)} | ${(o / t).toFixed(2)}× |`);
  console.log(`| docker compose up -d --wait | ${ms(t)} | 1× |\n`);
}
