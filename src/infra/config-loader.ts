import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ProjectConfig } from '../core/config.js';
import { BerthError, ExitCode } from '../errors.js';
import { writeFileAtomic } from './atomic.js';

export const CONFIG_FILE = 'berth.yaml';

/** The berth.yaml in `cwd` or its nearest parent. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE);
    if (existsSync(file) && statSync(file).isFile()) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

export function noConfigError(cwd: string): BerthError {
  return new BerthError('config', `no ${CONFIG_FILE} in ${cwd} or any parent directory`, {
    exitCode: ExitCode.usage,
    hint: `run berth inside a checkout of a project that has a ${CONFIG_FILE}`,
  });
}

declare const BERTH_VERSION: string;

/**
 * Where a validated config is remembered, keyed by the file's path: the
 * commands that run dozens of times an hour (list, ports) then skip the YAML
 * parser and the schema. $BERTH_CACHE_DIR, else $XDG_CACHE_HOME/berth, else
 * ~/.cache/berth.
 */
function cacheFileFor(file: string): string {
  const env = process.env;
  const dir =
    env.BERTH_CACHE_DIR || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'berth');
  return join(dir, 'config', `${encodeURIComponent(file)}.json`);
}

/** Reads, validates and proves the port layout of a berth.yaml. */
export async function loadConfigFile(file: string): Promise<ProjectConfig> {
  const st = statSync(file);
  // Any change to the file (or to berth) changes the stamp and misses the cache.
  const stamp = `${BERTH_VERSION}:${st.ino}:${st.size}:${st.mtimeMs}`;
  const cache = cacheFileFor(file);
  try {
    const cached = JSON.parse(readFileSync(cache, 'utf8')) as { stamp?: string; config?: ProjectConfig };
    if (cached.stamp === stamp && cached.config) return cached.config;
  } catch {
    // no cache yet, or an unreadable one: parse
  }
  const text = readFileSync(file, 'utf8');
  const { parseConfigText } = await import('./config-parse.js');
  const config = parseConfigText(text, file, dirname(file));
  try {
    mkdirSync(dirname(cache), { recursive: true });
    writeFileAtomic(cache, JSON.stringify({ stamp, config }));
  } catch {
    // a read-only home: no cache, same result
  }
  return config;
}

export async function loadConfig(cwd: string): Promise<ProjectConfig> {
  const file = findConfigFile(cwd);
  if (!file) throw noConfigError(cwd);
  return loadConfigFile(file);
}
