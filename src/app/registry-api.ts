import type { Instance, InstanceRecord, Registry } from '../core/registry.js';
import * as core from '../core/registry.js';
import { BerthError } from '../errors.js';
import { directoryExists } from '../infra/checkout.js';
import { readRegistry, updateRegistry } from '../infra/registry-store.js';

/**
 * The registry as the library exposes it: each function reads or changes the
 * file at `registryFile` (see `openProject`), changes under the lock.
 */

export function loadRegistry(registryFile: string): Registry {
  return readRegistry(registryFile);
}

export function getAllocatedSlots(registryFile: string): number[] {
  return core.allocatedSlots(readRegistry(registryFile));
}

export function getLocalProd(registryFile: string): InstanceRecord | null {
  return readRegistry(registryFile).local_prod;
}

export function addInstance(registryFile: string, record: InstanceRecord): Promise<void> {
  return updateRegistry(registryFile, (registry) => {
    if (core.findById(registry, record.instance_id)) {
      throw new BerthError('conflict', `instance ${record.instance_id} is already registered`);
    }
    if (core.holderOfSlot(registry, record.slot)) {
      throw new BerthError('conflict', `slot ${record.slot} is already taken`);
    }
    return { registry: core.addInstance(registry, record), result: undefined };
  });
}

export function removeInstance(registryFile: string, id: string): Promise<boolean> {
  return updateRegistry(registryFile, (registry) =>
    core.findById(registry, id)
      ? { registry: core.removeInstance(registry, id), result: true }
      : { result: false },
  );
}

export function setLocalProd(registryFile: string, record: InstanceRecord | null): Promise<void> {
  return updateRegistry(registryFile, (registry) => ({
    registry: core.setLocalProd(registry, record),
    result: undefined,
  }));
}

/** The lowest free sandbox slot (it is not reserved: `init` allocates and registers under one lock). */
export function allocateNextSlot(registryFile: string, maxSlots: number): number | undefined {
  return core.lowestFreeSlot(readRegistry(registryFile), maxSlots);
}

/** Drops the entries whose directory is gone; returns them. */
export function cleanStaleEntries(registryFile: string): Promise<Instance[]> {
  return updateRegistry(registryFile, (registry) => {
    const stale = core.staleEntries(registry, directoryExists);
    return stale.length
      ? { registry: core.withoutEntries(registry, stale), result: stale }
      : { result: stale };
  });
}
