import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { BERTH_VERSION: JSON.stringify(pkg.version) };

// Three tiers: pure units, in-process and built-CLI command runs, and
// end-to-end runs against a real Docker engine (which must be there: the
// e2e setup fails, never skips, when it is not).
export default defineConfig({
  define,
  test: {
    projects: [
      { define, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        define,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          globalSetup: ['test/helpers/build-setup.ts'],
        },
      },
      {
        define,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/build-setup.ts', 'test/helpers/docker-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // The machine has two cores: stacks run one test file at a time.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
