import { existsSync, realpathSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseSlot } from '../core/ports.js';
import {
  addInstance,
  allInstances,
  type Flavor,
  findById,
  findByPath,
  holderOfSlot,
  type InstanceRecord,
  lowestFreeSlot,
  type Registry,
  setLocalProd,
} from '../core/registry.js';
import { localProdId, sandboxId, slugify } from '../core/slug.js';
import { BerthError, ExitCode, usageError } from '../errors.js';
import { checkoutAt, enclosingCheckout } from '../infra/checkout.js';
import { findConfigFile, loadConfigFile } from '../infra/config-loader.js';
import { composeProjectDirs, removeComposeProject } from '../infra/engine.js';
import { updateRegistry } from '../infra/registry-store.js';
import { ENV_FILE, readEnvFile, renderInstanceEnv, writeInstanceEnv } from './env-sandbox.js';
import { checkPortsAvailable, portConflictError } from './port-check.js';
import { type Project, projectFromConfig } from './project.js';

export interface InitOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flavor: Flavor;
  /** As typed by the user; validated here. */
  slot?: string;
  name?: string;
  /** Told about things worth knowing that are not failures (a broken stale lock). */
  warn?: (message: string) => void;
  /** Extra fields for the registry record (e.g. who created the worktree). */
  extra?: Record<string, unknown>;
}

export interface InitResult {
  project: Project;
  instance: InstanceRecord & { flavor: Flavor };
  /** False when the checkout was already registered and nothing changed. */
  created: boolean;
  envFile: string;
}

function notCheckout(message: string, hint?: string): BerthError {
  return new BerthError('not-checkout', message, { exitCode: ExitCode.notCheckout, hint });
}

/** Registers the checkout at `cwd` (SPEC §3 `init`). */
export async function initInstance(options: InitOptions): Promise<InitResult> {
  const { cwd, flavor } = options;
  const configFile = findConfigFile(cwd);
  if (!configFile) {
    throw notCheckout(`${cwd} is not in a checkout of a berth project (no berth.yaml here or above)`);
  }
  const checkout = checkoutAt(cwd);
  if (!checkout) {
    const outer = enclosingCheckout(cwd);
    throw outer
      ? notCheckout(
          `${cwd} is inside the checkout ${outer.root}, not at its top`,
          `cd '${outer.root}' and run it there`,
        )
      : notCheckout(
          `${cwd} is not a git checkout`,
          'clone the project (or add a worktree) and run it at its top',
        );
  }
  if (realpathSync(join(configFile, '..')) !== checkout.root) {
    throw notCheckout(
      `the berth.yaml found (${configFile}) is not at the top of this checkout (${checkout.root})`,
      'run init in a checkout of the project whose root holds berth.yaml',
    );
  }
  const config = await loadConfigFile(configFile);
  const project = projectFromConfig(config, options.env);
  if (flavor === 'local-prod' && checkout.isWorktree) {
    throw notCheckout(
      `local-prod needs a clone, and ${checkout.root} is a worktree of ${checkout.parentRepo}`,
      'clone the repository (git clone) and run berth local-prod init there',
    );
  }
  const requestedSlot =
    options.slot === undefined ? undefined : parseSlot(options.slot, config, { allowZero: false });
  let id: string;
  if (flavor === 'local-prod') {
    id = localProdId(config.project);
  } else {
    const slug = slugify(options.name ?? basename(checkout.root), config.project);
    if (!slug) {
      throw usageError(
        `'${options.name ?? basename(checkout.root)}' gives an empty instance name`,
        'pass --name with letters or digits',
      );
    }
    id = sandboxId(config.project, slug);
  }

  // The same checkout registering again (after a registry repair) keeps its
  // containers and volumes; anything else named like it belongs to an earlier owner.
  const reRegistering = previousId(checkout.root) === id;
  await refuseLiveProjectElsewhere(id, checkout.root);
  let wroteEnv: string | undefined;
  let result: InitResult;
  try {
    result = await updateRegistry(
      project.registryFile,
      async (registry) => {
        const existing = findByPath(registry, checkout.root);
        if (existing)
          return { result: alreadyRegistered(existing, { flavor, id, requestedSlot, options, project }) };
        const slot =
          flavor === 'local-prod' ? 0 : chooseSlot(registry, config.slots, id, checkout.root, requestedSlot);
        if (flavor === 'local-prod' && registry.local_prod) {
          throw new BerthError(
            'conflict',
            `there is already a local-prod: ${registry.local_prod.instance_id} at ${registry.local_prod.path}`,
            { hint: 'there can be only one; destroy it first (berth local-prod destroy)' },
          );
        }
        const clash = findById(registry, id);
        if (clash) {
          throw new BerthError('conflict', `the id ${id} is already taken by ${clash.path}`, {
            hint: 'pick another with --name',
          });
        }
        // Containers of this very id are its own (re-registering) or leftovers removed below: not a conflict.
        const conflicts = await checkPortsAvailable(config, slot, { registry, ownProject: id });
        if (conflicts.length) throw portConflictError(slot, conflicts);
        const record: InstanceRecord = {
          instance_id: id,
          slot,
          path: checkout.root,
          is_worktree: checkout.isWorktree,
          parent_repo: checkout.parentRepo,
          created_at: new Date().toISOString(),
          ...options.extra,
        };
        wroteEnv = writeInstanceEnv(
          checkout.root,
          renderInstanceEnv(config, project.home, { id, slot, flavor }),
        );
        const next: Registry =
          flavor === 'local-prod' ? setLocalProd(registry, record) : addInstance(registry, record);
        return {
          registry: next,
          result: { project, instance: { ...record, flavor }, created: true, envFile: wroteEnv },
        };
      },
      { onBreak: options.warn },
    );
  } catch (error) {
    // The registry was not written: do not leave an .env.sandbox that claims a slot.
    if (wroteEnv) rmSync(wroteEnv, { force: true });
    throw error;
  }
  if (result.created && !reRegistering) await removeLeftovers(id, options.warn);
  return result;
}

/**
 * A new owner never inherits the containers or volumes of an earlier
 * instance of the same id (a database volume would keep the old password).
 */
async function removeLeftovers(id: string, warn?: (message: string) => void): Promise<void> {
  try {
    const removed = await removeComposeProject(id);
    if (removed.containers + removed.volumes + removed.networks > 0) {
      warn?.(
        `removed what an earlier ${id} left on the engine (${removed.containers} container(s), ${removed.volumes} volume(s), ${removed.networks} network(s)), so this one starts fresh`,
      );
    }
  } catch {
    // No engine here: nothing can be left on it.
  }
}

/**
 * Containers of this id that run from another directory which still claims
 * the id are a live instance of another berth home (or a copy): never take
 * its name, let alone remove its data.
 */
async function refuseLiveProjectElsewhere(id: string, root: string): Promise<void> {
  let dirs: string[];
  try {
    dirs = await composeProjectDirs(id);
  } catch {
    return; // no engine
  }
  for (const dir of dirs) {
    if (dir === root || !existsSync(dir)) continue;
    if (previousId(dir) === id) {
      throw new BerthError(
        'conflict',
        `the compose project ${id} is in use by ${dir}, another instance with this id`,
        {
          hint: 'pick another name with --name, or destroy that instance first',
        },
      );
    }
  }
}

function previousId(root: string): string | undefined {
  try {
    return readEnvFile(join(root, ENV_FILE)).get('INSTANCE_ID');
  } catch {
    return undefined;
  }
}

function alreadyRegistered(
  existing: InstanceRecord & { flavor: Flavor },
  want: { flavor: Flavor; id: string; requestedSlot?: number; options: InitOptions; project: Project },
): InitResult {
  const current = `${existing.instance_id} (${existing.flavor}, slot ${existing.slot})`;
  if (existing.flavor !== want.flavor) {
    throw new BerthError('already-registered', `this checkout is already registered as ${current}`, {
      hint: `use 'berth ${existing.flavor} ...', or destroy it first`,
    });
  }
  if (want.requestedSlot !== undefined && want.requestedSlot !== existing.slot) {
    throw new BerthError(
      'already-registered',
      `this checkout is already registered as ${current}, not slot ${want.requestedSlot}`,
      {
        hint: 'destroy it first to move it to another slot',
      },
    );
  }
  if (want.options.name !== undefined && want.id !== existing.instance_id) {
    throw new BerthError(
      'already-registered',
      `this checkout is already registered as ${current}, not ${want.id}`,
      {
        hint: 'destroy it first to rename it',
      },
    );
  }
  const envFile = join(existing.path, ENV_FILE);
  if (!existsSync(envFile)) {
    // The registration stands; only its file was lost. Restore it.
    writeInstanceEnv(
      existing.path,
      renderInstanceEnv(want.project.config, want.project.home, {
        id: existing.instance_id,
        slot: existing.slot,
        flavor: existing.flavor,
      }),
    );
  }
  return { project: want.project, instance: existing, created: false, envFile };
}

function chooseSlot(
  registry: Registry,
  maxSlots: number,
  id: string,
  root: string,
  requested?: number,
): number {
  if (requested !== undefined) {
    const holder = holderOfSlot(registry, requested);
    if (holder) {
      throw new BerthError(
        'conflict',
        `slot ${requested} is taken by ${holder.instance_id} (${holder.path})`,
        {
          hint: `pick a free slot, or leave out --slot for the lowest free one`,
        },
      );
    }
    return requested;
  }
  // A checkout that was registered before (its .env.sandbox survived a registry repair) keeps its slot.
  const previous = previousSlot(root, id);
  if (previous !== undefined && previous >= 1 && previous <= maxSlots && !holderOfSlot(registry, previous))
    return previous;
  const free = lowestFreeSlot(registry, maxSlots);
  if (free === undefined) {
    const held = allInstances(registry)
      .filter((i) => i.flavor === 'sandbox')
      .map((i) => `${i.slot} ${i.instance_id}`)
      .join(', ');
    throw new BerthError('slots-exhausted', `all ${maxSlots} sandbox slots are in use: ${held}`, {
      hint: "destroy one (berth sandbox destroy), drop stale ones (berth sandbox clean), or raise 'slots' in berth.yaml",
    });
  }
  return free;
}

function previousSlot(root: string, id: string): number | undefined {
  try {
    const env = readEnvFile(join(root, ENV_FILE));
    if (env.get('INSTANCE_ID') !== id) return undefined;
    const slot = Number(env.get('SLOT_NUMBER'));
    return Number.isInteger(slot) ? slot : undefined;
  } catch {
    return undefined;
  }
}
