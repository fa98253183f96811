import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

// What the build bakes in (scripts/build.mjs `define`), for code run from source.
(globalThis as { BERTH_VERSION?: string }).BERTH_VERSION = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version;
