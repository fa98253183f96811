import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/core/slug.js';

describe('slugify', () => {
  it.each([
    ['ktrdr--stream-b', 'stream-b'],
    ['KTRDR--Stream-B', 'stream-b'],
    ['My Clone', 'my-clone'],
    ['feature/login__v2', 'feature-login-v2'],
    ['--x--', 'x'],
    ['ktrdr', 'ktrdr'],
    ['ktrdr--', ''],
    ['ümlaut', 'mlaut'],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name, 'ktrdr')).toBe(slug);
  });

  it('always yields [a-z0-9] runs joined by single dashes, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const slug = slugify(name, 'ktrdr');
        expect(slug).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
        expect(slugify(slug, 'p')).toBe(slug);
      }),
    );
  });
});

describe('isInstanceOf', () => {
  it('claims only names berth could have made for the project', async () => {
    const { isInstanceOf } = await import('../../src/core/slug.js');
    expect(isInstanceOf('ktrdr--stream-b', 'ktrdr')).toBe(true);
    expect(isInstanceOf('ktrdr-prod', 'ktrdr')).toBe(true);
    expect(isInstanceOf('ktrdr', 'ktrdr')).toBe(false);
    expect(isInstanceOf('ktrdr--', 'ktrdr')).toBe(false);
    expect(isInstanceOf('a--b--x', 'a')).toBe(false); // an instance of project a--b
    expect(isInstanceOf('a--b--x', 'a--b')).toBe(true);
    expect(isInstanceOf('other--x', 'ktrdr')).toBe(false);
  });
});
