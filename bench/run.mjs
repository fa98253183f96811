// berth's benchmarks: each runs berth and the alternative in the same run and
// reports medians and ratios. `npm run bench` runs all; name some to pick:
//   npm run bench -- startup gate
// Build first (npm run build). Results are printed as a Markdown table.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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

function timeCommand(command, args, options, runs) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(command, args, { stdio: 'ignore', ...options });
    const t = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${res.status}`);
    if (i >= 2) times.push(t); // two warm-up runs fill the page cache
  }
  return median(times);
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
    const base = [];
    const ours = [];
    for (let round = 0; round < 5; round++) {
      base.push(timeCommand(process.execPath, ['-e', '0'], { cwd: checkout, env }, runs / 5));
      ours.push(timeCommand(berthBin, args, { cwd: checkout, env }, runs / 5));
    }
    const b = median(base);
    const o = median(ours);
    rows.push(`| ${label} | ${ms(o)} | ${ms(b)} | ${(o / b).toFixed(2)}× |`);
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
