import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The config cache of every test run goes to a directory of its own, never
// to the user's ~/.cache (children inherit it through the environment).
process.env.BERTH_CACHE_DIR ??= mkdtempSync(join(tmpdir(), 'berth-cache-'));
const setupFiles = ['test/helpers/globals.ts'];

// Three tiers: pure units, in-process and built-CLI command runs, and
// end-to-end runs against a real Docker engine (which must be there: the
// e2e setup fails, never skips, when it is not).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles } },
      {
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          setupFiles,
          globalSetup: ['test/helpers/build-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles,
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
