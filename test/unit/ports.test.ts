import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiUrl, parseSlot, portEnv, portsForSlot } from '../../src/core/ports.js';
import { configFrom, exampleConfig } from '../helpers/config.js';
import { specPorts, specRow } from '../helpers/spec-table.js';

describe('the KTRDR example port table', () => {
  const config = exampleConfig();

  it.each(Array.from({ length: 11 }, (_, s) => s))('slot %i matches SPEC §2 exactly', (slot) => {
    expect(portEnv(config.ports, slot)).toEqual(specPorts(slot));
  });

  it('spells out slots 1 and 2 as in the table', () => {
    expect(specRow(1)).toEqual([8001, 5433, 3001, 16687, 4327, 4328, 9091, 5007, 5008, 5009, 5010]);
    expect(specRow(2)).toEqual([8002, 5434, 3002, 16688, 4337, 4338, 9092, 5017, 5018, 5019, 5020]);
  });

  it('gives the API URL per slot', () => {
    expect(apiUrl(config, 0)).toBe('http://localhost:8000');
    expect(apiUrl(config, 7)).toBe('http://localhost:8007');
  });
});

describe('port layouts', () => {
  it('never collide across slots for any accepted config', () => {
    const portSpec = fc.record({
      standard: fc.integer({ min: 1, max: 60000 }),
      step: fc.integer({ min: 1, max: 20 }),
      count: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(portSpec, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        (specs, slots) => {
          const yaml = [
            'project: p',
            `slots: ${slots}`,
            'ports:',
            ...specs.map(
              (p, i) =>
                `  p${i}: { env: "P${i}${p.count > 1 ? '_{n}' : ''}", standard: ${p.standard}, step: ${Math.max(p.step, p.count)}, count: ${p.count} }`,
            ),
          ].join('\n');
          let config: ReturnType<typeof configFrom>;
          try {
            config = configFrom(yaml);
          } catch {
            return; // refused: fine, that is the check doing its job
          }
          const seen = new Set<number>();
          for (let s = 0; s <= slots; s++) {
            for (const a of portsForSlot(config.ports, s)) {
              expect(a.port).toBeGreaterThanOrEqual(1);
              expect(a.port).toBeLessThanOrEqual(65535);
              expect(seen.has(a.port)).toBe(false);
              seen.add(a.port);
            }
          }
        },
      ),
    );
  });

  it('refuses colliding ports and names both', () => {
    expect(() =>
      configFrom(
        'project: p\nports:\n  api: { env: API, standard: 8000 }\n  admin: { env: ADMIN, standard: 8005 }',
      ),
    ).toThrow(
      /ports collide: ADMIN \(ports\.admin\) at slot 0 and API \(ports\.api\) at slot 5 are both 8005/,
    );
  });

  it('refuses ports beyond 65535', () => {
    expect(() => configFrom('project: p\nports:\n  api: { env: API, standard: 65530 }')).toThrow(
      /API \(ports\.api\) at slot 6 would be 65536, outside 1\.\.65535/,
    );
  });

  it('refuses a group whose default first would overlap itself', () => {
    expect(() => configFrom('project: p\nports:\n  w: { env: "W_{n}", standard: 5000, count: 4 }')).toThrow(
      /needs step >= 4 or an explicit first/,
    );
  });
});

describe('parseSlot', () => {
  const config = { slots: 10 };
  it.each(['-1', '11', 'abc', '1.5', '', ' ', '0x2'])('refuses %j with exit 64', (text) => {
    expect(() => parseSlot(text, config, { allowZero: true })).toThrow(
      expect.objectContaining({ exitCode: 64 }),
    );
  });
  it('accepts 0 only where local-prod is meant', () => {
    expect(parseSlot('0', config, { allowZero: true })).toBe(0);
    expect(() => parseSlot('0', config, { allowZero: false })).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('slot 0 belongs to local-prod') }),
    );
    expect(parseSlot('10', config, { allowZero: false })).toBe(10);
  });
});
