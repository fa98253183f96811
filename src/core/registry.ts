import { BerthError } from '../errors.js';

/**
 * The instance registry (SPEC §4) as data: its shape, its validation, and the
 * pure operations on it. Reading and writing the file is infra/registry-store.
 */

export const REGISTRY_VERSION = 1;

export interface InstanceRecord {
  instance_id: string;
  slot: number;
  path: string;
  is_worktree: boolean;
  parent_repo: string | null;
  created_at: string;
  /** Fields written by other versions of berth are kept as they are. */
  [extra: string]: unknown;
}

export interface Registry {
  version: number;
  local_prod: InstanceRecord | null;
  instances: Record<string, InstanceRecord>;
  allocated_slots: number[];
  [extra: string]: unknown;
}

export type Flavor = 'sandbox' | 'local-prod';

export interface Instance extends InstanceRecord {
  flavor: Flavor;
}

export function emptyRegistry(): Registry {
  return { version: REGISTRY_VERSION, local_prod: null, instances: {}, allocated_slots: [] };
}

export function repairHint(file: string): string {
  return `move it aside (mv '${file}' '${file}.broken') and run 'berth sandbox init' again in each checkout: every .env.sandbox keeps its slot`;
}

function corrupt(file: string, what: string): BerthError {
  return new BerthError('registry-corrupt', `registry ${file} ${what}; berth changed nothing`, {
    hint: repairHint(file),
  });
}

/** Validates a parsed registry document; never repairs it. */
export function validateRegistry(doc: unknown, file: string): Registry {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw corrupt(file, 'is not a JSON object');
  const reg = doc as Record<string, unknown>;
  if (!Number.isInteger(reg.version)) throw corrupt(file, 'has no integer version');
  if ((reg.version as number) > REGISTRY_VERSION) {
    throw new BerthError(
      'registry-corrupt',
      `registry ${file} is version ${reg.version}, newer than this berth understands (${REGISTRY_VERSION}); berth changed nothing`,
      { hint: 'upgrade berth' },
    );
  }
  if (reg.version !== REGISTRY_VERSION) throw corrupt(file, `has unknown version ${reg.version}`);
  if (typeof reg.instances !== 'object' || reg.instances === null || Array.isArray(reg.instances)) {
    throw corrupt(file, "has no 'instances' object");
  }
  for (const [id, rec] of Object.entries(reg.instances as Record<string, unknown>)) {
    checkRecord(rec, `instances.${id}`, file);
    if ((rec as InstanceRecord).instance_id !== id)
      throw corrupt(file, `has instances.${id} with another instance_id`);
  }
  if (reg.local_prod !== null && reg.local_prod !== undefined)
    checkRecord(reg.local_prod, 'local_prod', file);
  if (reg.allocated_slots !== undefined) {
    if (!Array.isArray(reg.allocated_slots) || !reg.allocated_slots.every((s) => Number.isInteger(s))) {
      throw corrupt(file, 'has allocated_slots that are not whole numbers');
    }
  }
  const registry = doc as Registry;
  registry.local_prod ??= null;
  registry.allocated_slots ??= [];
  return registry;
}

function checkRecord(rec: unknown, key: string, file: string): void {
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec))
    throw corrupt(file, `has ${key} that is not an object`);
  const r = rec as Record<string, unknown>;
  if (typeof r.instance_id !== 'string' || r.instance_id === '')
    throw corrupt(file, `has ${key} without instance_id`);
  if (!Number.isInteger(r.slot) || (r.slot as number) < 0)
    throw corrupt(file, `has ${key} whose slot is not a whole number`);
  if (typeof r.path !== 'string' || !r.path.startsWith('/'))
    throw corrupt(file, `has ${key} without an absolute path`);
}

/** Every instance, local-prod first, then sandboxes by slot. */
export function allInstances(reg: Registry): Instance[] {
  const out: Instance[] = [];
  if (reg.local_prod) out.push({ ...reg.local_prod, flavor: 'local-prod' });
  const sandboxes = Object.values(reg.instances).sort(
    (a, b) => a.slot - b.slot || a.instance_id.localeCompare(b.instance_id),
  );
  for (const rec of sandboxes) out.push({ ...rec, flavor: 'sandbox' });
  return out;
}

export function allocatedSlots(reg: Registry): number[] {
  return Object.values(reg.instances)
    .map((r) => r.slot)
    .sort((a, b) => a - b);
}

/** The lowest free slot in 1..maxSlots, or undefined when all are taken. */
export function lowestFreeSlot(reg: Registry, maxSlots: number): number | undefined {
  const taken = new Set(allocatedSlots(reg));
  for (let s = 1; s <= maxSlots; s++) if (!taken.has(s)) return s;
  return undefined;
}

export function holderOfSlot(reg: Registry, slot: number): InstanceRecord | undefined {
  if (slot === 0) return reg.local_prod ?? undefined;
  return Object.values(reg.instances).find((r) => r.slot === slot);
}

export function findByPath(reg: Registry, path: string): Instance | undefined {
  return allInstances(reg).find((i) => i.path === path);
}

export function findById(reg: Registry, id: string): Instance | undefined {
  return allInstances(reg).find((i) => i.instance_id === id);
}

/** Keeps allocated_slots equal to the slots the instances hold. */
function withSlots(reg: Registry): Registry {
  return { ...reg, allocated_slots: allocatedSlots(reg) };
}

export function addInstance(reg: Registry, rec: InstanceRecord): Registry {
  if (reg.instances[rec.instance_id]) throw new Error(`instance ${rec.instance_id} is already registered`);
  return withSlots({ ...reg, instances: { ...reg.instances, [rec.instance_id]: rec } });
}

export function removeInstance(reg: Registry, id: string): Registry {
  if (reg.local_prod?.instance_id === id) return withSlots({ ...reg, local_prod: null });
  const { [id]: _gone, ...rest } = reg.instances;
  return withSlots({ ...reg, instances: rest });
}

export function setLocalProd(reg: Registry, rec: InstanceRecord | null): Registry {
  return withSlots({ ...reg, local_prod: rec });
}

/** Splits the instances into those whose directory exists and those whose directory is gone. */
export function staleEntries(reg: Registry, exists: (path: string) => boolean): Instance[] {
  return allInstances(reg).filter((i) => !exists(i.path));
}

export function withoutEntries(reg: Registry, gone: readonly Instance[]): Registry {
  return gone.reduce((r, i) => removeInstance(r, i.instance_id), reg);
}
