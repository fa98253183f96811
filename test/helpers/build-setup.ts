import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** Tests that run bin/berth need a bundle no older than the source. */
export default function setup(): void {
  const bundle = join(repoRoot, 'dist', 'cli.cjs');
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(join(repoRoot, 'src'))) return;
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--no-types'], {
    stdio: 'inherit',
  });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
