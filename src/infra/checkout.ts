import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * What kind of git checkout a directory is, read from `.git` itself (no git
 * process): a clone has a `.git` directory, a worktree a `.git` file that
 * points into the main repository's `.git/worktrees/<name>`.
 */
export interface Checkout {
  /** Real path of the checkout's top directory. */
  root: string;
  isWorktree: boolean;
  /** For a worktree: the top directory of the repository it belongs to. */
  parentRepo: string | null;
}

/** The checkout whose top directory is exactly `dir`, if it is one. */
export function checkoutAt(dir: string): Checkout | undefined {
  const root = realpathSync(dir);
  const dotGit = join(root, '.git');
  if (!existsSync(dotGit)) return undefined;
  if (statSync(dotGit).isDirectory()) return { root, isWorktree: false, parentRepo: null };
  const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  if (!pointer) return undefined;
  const gitDir = isAbsolute(pointer) ? pointer : resolve(root, pointer);
  if (!/[\\/]worktrees[\\/][^\\/]+$/.test(gitDir)) {
    // A submodule or a separate git dir: a checkout of its own, not a linked worktree.
    return { root, isWorktree: false, parentRepo: null };
  }
  let common = resolve(gitDir, '..', '..');
  try {
    const commondir = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
    common = isAbsolute(commondir) ? commondir : resolve(gitDir, commondir);
  } catch {
    // older layouts: <repo>/.git/worktrees/<name>
  }
  const parentRepo = basename(common) === '.git' ? dirname(common) : common;
  return {
    root,
    isWorktree: true,
    parentRepo: existsSync(parentRepo) ? realpathSync(parentRepo) : parentRepo,
  };
}

/** The top directory of the checkout that contains `dir`, walking up. */
export function enclosingCheckout(dir: string): Checkout | undefined {
  for (let at = realpathSync(dir); ; at = dirname(at)) {
    const found = checkoutAt(at);
    if (found) return found;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * Whether a registered directory is really gone: only "no such file" counts.
 * A directory we may not read (permissions, an unmounted share) is not gone,
 * and its instance's data must not be treated as orphaned.
 */
export function directoryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
