import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProjectConfig } from '../core/config.js';
import { BerthError } from '../errors.js';
import { sharedDir } from '../infra/home.js';

export interface SharedDirReport {
  dir: string;
  path: string;
  /** Where files were copied from, if anywhere. */
  source?: string;
  copied: number;
  skipped: number;
}

/**
 * Creates <home>/shared/<dir> for each configured dir and fills it from
 * `<from>/<dir>`. Copies only files that do not exist yet: existing shared
 * data is never overwritten (SPEC §3 `init-shared`).
 */
export function initShared(
  config: ProjectConfig,
  home: string,
  options: { from?: string; cwd: string; minimal?: boolean },
): SharedDirReport[] {
  const base = options.from === undefined ? options.cwd : resolve(options.cwd, options.from);
  if (options.from !== undefined && !existsSync(base)) {
    throw new BerthError('not-found', `--from ${options.from}: no such directory (${base})`, {
      hint: 'give the directory that holds the data dirs',
    });
  }
  const root = sharedDir(home);
  return config.shared.dirs.map((dir) => {
    const path = join(root, dir);
    mkdirSync(path, { recursive: true });
    const report: SharedDirReport = { dir, path, copied: 0, skipped: 0 };
    const source = join(base, dir);
    if (!options.minimal && existsSync(source) && statSync(source).isDirectory()) {
      report.source = source;
      copyMissing(source, path, report);
    }
    return report;
  });
}

function copyMissing(from: string, to: string, report: SharedDirReport): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dest = join(to, entry.name);
    if (entry.isDirectory()) {
      if (existsSync(dest) && !statSync(dest).isDirectory()) {
        report.skipped++;
        continue;
      }
      mkdirSync(dest, { recursive: true });
      copyMissing(src, dest, report);
    } else if (entry.isFile()) {
      try {
        copyFileSync(src, dest, constants.COPYFILE_EXCL);
        report.copied++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        report.skipped++;
      }
    }
  }
}

export interface SharedDirSummary {
  dir: string;
  path: string;
  exists: boolean;
  /** Files directly and deeply inside (counted up to 100 000). */
  files: number;
}

export function sharedDataSummary(config: ProjectConfig, home: string): SharedDirSummary[] {
  return config.shared.dirs.map((dir) => {
    const path = join(sharedDir(home), dir);
    const exists = existsSync(path);
    return { dir, path, exists, files: exists ? countFiles(path, 100_000) : 0 };
  });
}

function countFiles(dir: string, limit: number): number {
  let n = 0;
  const stack = [dir];
  while (stack.length && n < limit) {
    const at = stack.pop()!;
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory()) stack.push(join(at, entry.name));
      else n++;
    }
  }
  return n;
}
