import { existsSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeInstance } from '../core/registry.js';
import { BerthError } from '../errors.js';
import { removeComposeProject } from '../infra/engine.js';
import { removeWorktree, uncommittedChanges, unpushedCommits } from '../infra/git.js';
import { updateRegistry } from '../infra/registry-store.js';
import { ENV_FILE } from './env-sandbox.js';
import type { InstanceContext } from './instance.js';
import { down } from './lifecycle.js';

export interface DestroyOptions {
  force?: boolean;
  keepWorktree?: boolean;
  /** Asks the person at the terminal; undefined when there is none. */
  confirm?: (question: string) => Promise<boolean>;
}

export interface DestroyResult {
  id: string;
  removedWorktree: string | undefined;
  kept: string | undefined;
  /** Why a worktree berth would have removed was kept after all. */
  keptBecause?: string;
}

/**
 * `destroy` (SPEC §3): stop, remove volumes, unregister, and remove the
 * directory only when berth created it as a worktree and it is the
 * registered path. Never deletes a clone, and never anything unregistered.
 */
export async function destroy(
  ic: InstanceContext,
  env: NodeJS.ProcessEnv,
  options: DestroyOptions,
): Promise<DestroyResult> {
  const { instance } = ic;
  const removeDir =
    ic.present &&
    instance.flavor === 'sandbox' &&
    instance.is_worktree === true &&
    instance.created_by === 'berth' &&
    typeof instance.parent_repo === 'string' &&
    !options.keepWorktree;

  if (removeDir && !options.force) {
    const dirty = await uncommittedChanges(instance.path, [ENV_FILE]);
    if (dirty.length) {
      throw new BerthError(
        'refused',
        `${instance.path} has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', ...' : ''}); nothing was destroyed`,
        {
          hint: 'commit or stash them, use --keep-worktree, or --force to throw them away',
        },
      );
    }
    const unpushed = await unpushedCommits(instance.path);
    if (unpushed.length) {
      throw new BerthError(
        'refused',
        `${instance.path} has ${unpushed.length} commit(s) that no other branch or remote holds; nothing was destroyed`,
        {
          hint: 'push or merge them, use --keep-worktree, or --force to throw them away',
        },
      );
    }
  }

  if (!options.force) {
    if (!options.confirm) {
      throw new BerthError(
        'refused',
        `destroying ${instance.instance_id} needs confirmation, and there is no terminal to ask`,
        {
          hint: 'pass --force',
        },
      );
    }
    const what = removeDir
      ? `its containers, volumes and the worktree ${instance.path}`
      : 'its containers and volumes';
    if (
      !(await options.confirm(
        `destroy ${instance.instance_id} (slot ${instance.slot}): remove ${what}? [y/N] `,
      ))
    ) {
      throw new BerthError('refused', 'not confirmed; nothing was destroyed');
    }
  }

  // compose down can fail on a broken checkout (a compose file missing on
  // this branch); removal by label below does not need the files.
  if (ic.present) await down(ic, env, { volumes: true }).catch(() => undefined);
  await removeComposeProject(instance.instance_id);

  await updateRegistry(ic.project.registryFile, (registry) => ({
    registry: removeInstance(registry, instance.instance_id),
    result: undefined,
  }));

  let removedWorktree: string | undefined;
  let keptBecause: string | undefined;
  if (removeDir && existsSync(instance.path) && realpathSync(instance.path) === instance.path) {
    rmSync(join(instance.path, ENV_FILE), { force: true });
    if (!options.force && (await unpushedCommits(instance.path)).length) {
      keptBecause = 'commits were added while destroying';
    } else {
      // Without --force git refuses a worktree that changed since the checks above.
      try {
        await removeWorktree(instance.parent_repo as string, instance.path, options.force === true);
        removedWorktree = instance.path;
      } catch {
        keptBecause = 'it changed while destroying';
      }
    }
  } else if (ic.present) {
    // The checkout stays; its slot does not: an old .env.sandbox would point tools at a slot that is free.
    rmSync(join(instance.path, ENV_FILE), { force: true });
  }
  return {
    id: instance.instance_id,
    removedWorktree,
    kept: removedWorktree ? undefined : ic.present ? instance.path : undefined,
    ...(keptBecause ? { keptBecause } : {}),
  };
}
