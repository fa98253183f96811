// `npm test`: the whole suite from any state of the machine. Installs what is
// missing (see lib/ensure.mjs), builds, runs the static checks and every test
// tier. The last line is a plain summary.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureDependencies, ensureDocker, root, step } from './lib/ensure.mjs';

const results = join(root, '.test-results');
mkdirSync(results, { recursive: true });
rmSync(join(results, 'vitest.json'), { force: true });
const bin = (path) => join(root, 'node_modules', path);

function finish(line, code) {
  writeFileSync(join(results, 'summary.txt'), `${line}\n`);
  console.log(`\n${line}`);
  process.exit(code);
}

function counts() {
  const report = JSON.parse(readFileSync(join(results, 'vitest.json'), 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  return `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

if (!ensureDependencies()) finish('tests: 0 passed, 0 failed (installing dependencies failed)', 1);
if (!ensureDocker()) finish('tests: 0 passed, 0 failed (Docker setup failed)', 1);
if (!build()) finish('tests: 0 passed, 0 failed (build failed)', 1);
const typed = step('typecheck', process.execPath, [bin('typescript/bin/tsc'), '--noEmit']);
const linted = step('lint and format', process.execPath, [bin('@biomejs/biome/bin/biome'), 'check', '.']);
const tested = step('tests: unit, cli, e2e', process.execPath, [
  bin('vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(results, 'vitest.json')}`,
  ...process.argv.slice(2),
]);
if (!existsSync(join(results, 'vitest.json')))
  finish('tests: 0 passed, 0 failed (vitest wrote no report)', 1);
const failedChecks = [!typed && 'typecheck', !linted && 'lint'].filter(Boolean);
if (failedChecks.length) finish(`${counts()} (${failedChecks.join(' and ')} failed)`, 1);
finish(counts(), tested ? 0 : 1);
