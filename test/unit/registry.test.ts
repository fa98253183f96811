import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addInstance,
  emptyRegistry,
  type InstanceRecord,
  lowestFreeSlot,
  removeInstance,
  setLocalProd,
  staleEntries,
  validateRegistry,
  withoutEntries,
} from '../../src/core/registry.js';

const rec = (id: string, slot: number, path = `/w/${id}`): InstanceRecord => ({
  instance_id: id,
  slot,
  path,
  is_worktree: false,
  parent_repo: null,
  created_at: '2026-01-01T00:00:00.000Z',
});

describe('registry operations', () => {
  it('allocates the lowest free slot and keeps allocated_slots in step', () => {
    let reg = emptyRegistry();
    reg = addInstance(reg, rec('p--a', 1));
    reg = addInstance(reg, rec('p--c', 3));
    expect(lowestFreeSlot(reg, 10)).toBe(2);
    expect(reg.allocated_slots).toEqual([1, 3]);
    reg = removeInstance(reg, 'p--a');
    expect(reg.allocated_slots).toEqual([3]);
    expect(lowestFreeSlot(reg, 10)).toBe(1);
  });

  it('keeps local-prod apart from the sandbox slots', () => {
    const reg = setLocalProd(emptyRegistry(), rec('p-prod', 0));
    expect(reg.allocated_slots).toEqual([]);
    expect(removeInstance(reg, 'p-prod').local_prod).toBeNull();
  });

  it('returns undefined when every slot is taken, for any order of adds and removes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { maxLength: 40 }),
        (ops) => {
          let reg = emptyRegistry();
          for (const [add, n] of ops) {
            const id = `p--${n}`;
            if (add && !reg.instances[id]) {
              const slot = lowestFreeSlot(reg, 4);
              if (slot !== undefined) reg = addInstance(reg, rec(id, slot));
            } else if (!add) reg = removeInstance(reg, id);
          }
          const slots = Object.values(reg.instances).map((r) => r.slot);
          expect(new Set(slots).size).toBe(slots.length);
          expect(reg.allocated_slots).toEqual([...slots].sort((a, b) => a - b));
          expect(lowestFreeSlot(reg, 4) === undefined).toBe(slots.length === 4);
        },
      ),
    );
  });

  it('finds and drops stale entries', () => {
    let reg = addInstance(addInstance(emptyRegistry(), rec('p--a', 1)), rec('p--b', 2));
    reg = setLocalProd(reg, rec('p-prod', 0, '/w/prod'));
    const gone = staleEntries(reg, (path) => path === '/w/p--a');
    expect(gone.map((i) => i.instance_id)).toEqual(['p-prod', 'p--b']);
    const kept = withoutEntries(reg, gone);
    expect(Object.keys(kept.instances)).toEqual(['p--a']);
    expect(kept.local_prod).toBeNull();
  });
});

describe('validateRegistry', () => {
  const file = '/h/sandbox/instances.json';

  it('accepts the SPEC shape and keeps unknown fields', () => {
    const doc = {
      version: 1,
      local_prod: null,
      instances: { 'p--a': { ...rec('p--a', 1), services: ['api'] } },
      allocated_slots: [1],
      future_field: { x: 1 },
    };
    const reg = validateRegistry(structuredClone(doc), file);
    expect(reg).toEqual(doc);
  });

  it.each([
    [[], 'is not a JSON object'],
    [{ version: 1 }, "has no 'instances' object"],
    [{ instances: {} }, 'has no integer version'],
    [{ version: 1, instances: { 'p--a': { ...rec('p--a', 1), slot: 'one' } } }, 'slot is not a whole number'],
    [{ version: 1, instances: { 'p--a': { ...rec('p--a', 1.5) } } }, 'slot is not a whole number'],
    [{ version: 1, instances: { 'p--a': rec('p--b', 1) } }, 'another instance_id'],
    [{ version: 1, instances: {}, local_prod: 'x' }, 'local_prod that is not an object'],
    [{ version: 2, instances: {} }, 'newer than this berth understands'],
  ])('refuses %j, naming the file and the repair', (doc, message) => {
    try {
      validateRegistry(doc, file);
      throw new Error('accepted');
    } catch (error) {
      const e = error as { message: string; hint?: string; exitCode: number };
      expect(e.message).toContain(file);
      expect(e.message).toContain(message);
      expect(e.hint ?? '').toMatch(/mv|upgrade/);
    }
  });
});
