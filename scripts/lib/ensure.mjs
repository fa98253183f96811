// What `npm test` and `npm run demo` need before they can run, made ready
// from any state of a Debian machine: npm dependencies, a running Docker
// engine with Compose v2 (installed when missing), and a fresh build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a step with inherited output; returns whether it succeeded. */
export function step(title, command, args, options = {}) {
  console.log(`\n== ${title}`);
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return res.status === 0;
}

const quiet = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

export function ensureDependencies() {
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return true;
  return step('install dependencies', 'npm', ['ci', '--no-audit', '--no-fund']);
}

export function ensureDocker() {
  if (quiet('docker', ['info']) && quiet('docker', ['compose', 'version'])) {
    return step('example images', join(root, 'examples', 'ktrdr', 'prepare.sh'), []);
  }
  return step('Docker engine, Compose v2 and example images', 'bash', [
    join(root, 'scripts', 'setup-docker.sh'),
  ]);
}

export function build() {
  return step('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);
}
