// `npm run demo`: berth's main job on the bundled example, from a fresh
// machine. Two clones of examples/ktrdr become two sandboxes side by side
// (slots 1 and 2), come up healthy, and are listed with their URLs; on Enter
// (or with `npm run demo -- --down`) they are destroyed again.
//
// Everything lives in .demo/ of this checkout, with its own BERTH_HOME.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build, ensureDependencies, ensureDocker, root } from './lib/ensure.mjs';

const demo = join(root, '.demo');
const home = join(demo, 'home');
const names = ['ktrdr--alpha', 'ktrdr--beta'];
const env = { ...process.env, BERTH_HOME: home };

function berth(args, cwd, { check = true } = {}) {
  console.log(`\n$ berth ${args.join(' ')}    (in ${cwd.replace(`${root}/`, '')})`);
  const res = spawnSync(process.execPath, [join(root, 'bin', 'berth'), ...args], {
    cwd,
    env,
    stdio: 'inherit',
  });
  if (check && res.status !== 0) {
    console.error(`demo: 'berth ${args.join(' ')}' exited ${res.status}`);
    process.exit(res.status ?? 1);
  }
  return res.status;
}

function git(cwd, args) {
  const res = spawnSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'berth demo',
      GIT_AUTHOR_EMAIL: 'demo@berth.invalid',
      GIT_COMMITTER_NAME: 'berth demo',
      GIT_COMMITTER_EMAIL: 'demo@berth.invalid',
    },
  });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}`);
}

function teardown() {
  for (const name of names) {
    const dir = join(demo, name);
    if (existsSync(join(dir, '.env.sandbox')))
      berth(['sandbox', 'destroy', '--force'], dir, { check: false });
  }
  rmSync(demo, { recursive: true, force: true });
  console.log('\ndemo: both sandboxes are destroyed and .demo/ is removed');
}

if (!ensureDependencies() || !ensureDocker() || !build()) process.exit(1);

if (process.argv.includes('--down')) {
  teardown();
  process.exit(0);
}

mkdirSync(demo, { recursive: true });
for (const name of names) {
  const dir = join(demo, name);
  if (!existsSync(dir)) {
    cpSync(join(root, 'examples', 'ktrdr'), dir, { recursive: true });
    git(dir, ['init', '-q', '-b', 'main']);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'the example stack']);
  }
}
const [alpha, beta] = names.map((n) => join(demo, n));
berth(['sandbox', 'init-shared'], alpha);
for (const dir of [alpha, beta]) berth(['sandbox', 'init'], dir);
for (const dir of [alpha, beta]) berth(['sandbox', 'up'], dir);
berth(['sandbox', 'list'], alpha);
console.log(
  `\nBoth stacks run side by side. Try: curl -s $(cd .demo/ktrdr--beta && ../../bin/berth url)/api/v1/workers`,
);

if (process.stdin.isTTY) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.question(
    '\nPress Enter to destroy both sandboxes (Ctrl-C leaves them running; npm run demo -- --down removes them later) ',
    () => {
      rl.close();
      teardown();
    },
  );
} else {
  console.log('\nThey keep running. Remove them with: npm run demo -- --down');
}
