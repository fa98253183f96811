import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/core/suggest.js';

describe('editDistance', () => {
  it('counts single edits', () => {
    expect(editDistance('slot', 'slto')).toBe(2);
    expect(editDistance('init', 'inti')).toBe(2);
    expect(editDistance('list', 'lists')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('is a metric: zero only for equal strings, symmetric, triangle inequality', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      }),
    );
  });
});

describe('closest', () => {
  const names = ['init', 'create', 'up', 'down', 'destroy', 'list', 'status', 'logs', 'shell', 'clean'];
  it('finds near misses and prefixes', () => {
    expect(closest('inti', names)).toBe('init');
    expect(closest('stauts', names)).toBe('status');
    expect(closest('dest', names)).toBe('destroy');
  });
  it('suggests nothing for unrelated words', () => {
    expect(closest('kubernetes', names)).toBeUndefined();
  });
});
