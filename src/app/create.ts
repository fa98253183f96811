import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sandboxId, slugify } from '../core/slug.js';
import { BerthError, usageError } from '../errors.js';
import { enclosingCheckout } from '../infra/checkout.js';
import { loadConfig } from '../infra/config-loader.js';
import { addWorktree, branchExists, deleteBranch, isValidBranchName, removeWorktree } from '../infra/git.js';
import { type InitResult, initInstance } from './init.js';

export interface CreateOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  name: string;
  branch?: string;
  slot?: string;
  warn?: (message: string) => void;
}

export interface CreateResult extends InitResult {
  branch: string;
  branchCreated: boolean;
}

/**
 * `sandbox create NAME`: a git worktree `<project>--<slug>` next to the
 * checkout, on branch B (checked out if it exists, created from HEAD if not),
 * registered like `init`. A failure after the worktree exists removes it
 * again, so nothing stays half-made.
 */
export async function createSandbox(options: CreateOptions): Promise<CreateResult> {
  const config = await loadConfig(options.cwd);
  const checkout = enclosingCheckout(options.cwd);
  if (!checkout)
    throw new BerthError('not-checkout', `${options.cwd} is not in a git checkout`, { exitCode: 2 });
  const slug = slugify(options.name, config.project);
  if (!slug) throw usageError(`'${options.name}' gives an empty sandbox name`, 'use letters or digits');
  const id = sandboxId(config.project, slug);
  const target = join(dirname(checkout.root), id);
  if (existsSync(target)) {
    throw new BerthError('conflict', `${target} already exists; nothing was created`, {
      hint: 'pick another NAME, or register that directory with berth sandbox init',
    });
  }
  const repo = checkout.parentRepo ?? checkout.root;
  const branch = options.branch ?? slug;
  if (!(await isValidBranchName(repo, branch))) throw usageError(`'${branch}' is not a valid branch name`);
  const branchCreated = !(await branchExists(repo, branch));
  await addWorktree(repo, target, branch, branchCreated);
  try {
    const result = await initInstance({
      cwd: target,
      env: options.env,
      flavor: 'sandbox',
      ...(options.slot !== undefined ? { slot: options.slot } : {}),
      extra: { created_by: 'berth' },
      ...(options.warn ? { warn: options.warn } : {}),
    });
    return { ...result, branch, branchCreated };
  } catch (error) {
    await removeWorktree(repo, target).catch(() => undefined);
    let kept = branchCreated ? '' : ` (branch ${branch} was kept)`;
    if (branchCreated) {
      await deleteBranch(repo, branch).catch(() => {
        kept = ` (branch ${branch} was kept)`;
      });
    }
    if (error instanceof Error) error.message += `; the worktree ${target} was removed again${kept}`;
    throw error;
  }
}
