// `npm test`: the whole suite from any state of the machine. Installs the
// dependencies if needed, makes sure a Docker engine with Compose v2 is
// running (installing it on Debian when it is not), builds, runs the static
// checks and then every test tier. The last line is a plain summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, '.test-results');
mkdirSync(results, { recursive: true });

function step(title, command, args, { allowFail = false } = {}) {
  console.log(`\n== ${title}`);
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0 && !allowFail) finish(`${title} failed`, res.status || 1);
  return res.status === 0;
}

function finish(reason, code) {
  const line = reason ? `tests: 0 passed, 0 failed (${reason})` : summary();
  writeFileSync(join(results, 'summary.txt'), `${line}\n`);
  console.log(`\n${line}`);
  process.exit(code);
}

function summary() {
  const report = JSON.parse(readFileSync(join(results, 'vitest.json'), 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  return `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

const docker = (args) => spawnSync('docker', args, { stdio: 'ignore' }).status === 0;

if (!existsSync(join(root, 'node_modules', '.package-lock.json')))
  step('install dependencies', 'npm', ['ci']);
if (!docker(['info']) || !docker(['compose', 'version'])) {
  step('Docker engine and Compose v2', 'bash', [join(root, 'scripts', 'setup-docker.sh')]);
}
step('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);
const typed = step(
  'typecheck',
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit'],
  {
    allowFail: true,
  },
);
const linted = step(
  'lint and format',
  process.execPath,
  [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'check', '.'],
  {
    allowFail: true,
  },
);
const tested = step(
  'tests: unit, cli, e2e',
  process.execPath,
  [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(results, 'vitest.json')}`,
    ...process.argv.slice(2),
  ],
  { allowFail: true },
);
if (!existsSync(join(results, 'vitest.json'))) finish('vitest wrote no report', 1);
const failedChecks = [!typed && 'typecheck', !linted && 'lint'].filter(Boolean);
if (failedChecks.length) {
  const line = `${summary()} (${failedChecks.join(' and ')} failed)`;
  writeFileSync(join(results, 'summary.txt'), `${line}\n`);
  console.log(`\n${line}`);
  process.exit(1);
}
finish(undefined, tested ? 0 : 1);
