import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load, YAMLException } from 'js-yaml';
import { type ProjectConfig, parseConfig } from '../core/config.js';
import { checkPortLayout } from '../core/ports.js';
import { BerthError, ExitCode } from '../errors.js';

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

/** Reads, validates and proves the port layout of a berth.yaml. */
export function loadConfigFile(file: string): ProjectConfig {
  const text = readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = load(text, { filename: file });
  } catch (error) {
    if (error instanceof YAMLException) {
      const at = error.mark ? `:${error.mark.line + 1}:${error.mark.column + 1}` : '';
      throw new BerthError('config', `${file}${at}: not valid YAML: ${error.reason}`, {
        exitCode: ExitCode.usage,
      });
    }
    throw error;
  }
  const config = parseConfig(doc, file, dirname(file));
  checkPortLayout(config);
  return config;
}

export function loadConfig(cwd: string): ProjectConfig {
  const file = findConfigFile(cwd);
  if (!file) throw noConfigError(cwd);
  return loadConfigFile(file);
}
