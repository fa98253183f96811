import { BerthError } from '../errors.js';
import { execFile } from './exec.js';

async function git(cwd: string, args: string[]): Promise<string> {
  const res = await execFile('git', args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
  });
  if (res.code !== 0) {
    throw new BerthError(
      'failed',
      `git ${args[0]} failed: ${res.stderr.trim().split('\n').pop() ?? ''}`.trim(),
    );
  }
  return res.stdout;
}

export async function branchExists(repo: string, branch: string): Promise<boolean> {
  const res = await execFile('git', ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], {
    cwd: repo,
  });
  return res.code === 0;
}

export async function isValidBranchName(repo: string, branch: string): Promise<boolean> {
  const res = await execFile('git', ['check-ref-format', '--branch', branch], { cwd: repo });
  return res.code === 0;
}

/** Adds a worktree at `path` on `branch`, creating the branch from HEAD when it does not exist. */
export async function addWorktree(
  repo: string,
  path: string,
  branch: string,
  create: boolean,
): Promise<void> {
  await git(
    repo,
    create ? ['worktree', 'add', '-q', '-b', branch, path, 'HEAD'] : ['worktree', 'add', '-q', path, branch],
  );
}

/** `git worktree remove`; without `force`, git itself refuses a worktree with changes. */
export async function removeWorktree(repo: string, path: string, force = true): Promise<void> {
  await git(repo, ['worktree', 'remove', ...(force ? ['--force'] : []), path]);
}

export async function deleteBranch(repo: string, branch: string): Promise<void> {
  await git(repo, ['branch', '-D', branch]);
}

/** Uncommitted changes (tracked or untracked), except the files named in `ignore`. */
export async function uncommittedChanges(dir: string, ignore: readonly string[]): Promise<string[]> {
  const out = await git(dir, ['status', '--porcelain=v1', '--untracked-files=all']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3))
    .filter((file) => !ignore.includes(file));
}

/**
 * Commits on the checkout's branch that no other local branch and no
 * remote-tracking branch contains (SPEC §3 `destroy`).
 */
export async function unpushedCommits(dir: string): Promise<string[]> {
  const branch = (
    await execFile('git', ['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: dir })
  ).stdout.trim();
  const args = ['rev-list', 'HEAD', '--not'];
  // --exclude patterns for --branches are written without refs/heads/.
  if (branch) args.push(`--exclude=${branch}`);
  args.push('--branches', '--remotes');
  return (await git(dir, args)).split('\n').filter(Boolean);
}
