import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { type ProjectConfig, parseConfig } from '../../src/core/config.js';
import { checkPortLayout } from '../../src/core/ports.js';
import { exampleDir } from './paths.js';

export const exampleYaml = readFileSync(join(exampleDir, 'berth.yaml'), 'utf8');

export function exampleConfig(): ProjectConfig {
  const config = parseConfig(load(exampleYaml), join(exampleDir, 'berth.yaml'), exampleDir);
  checkPortLayout(config);
  return config;
}

/** Parses a YAML text as berth.yaml the way the loader does, without files. */
export function configFrom(yaml: string): ProjectConfig {
  const config = parseConfig(load(yaml), '/p/berth.yaml', '/p');
  checkPortLayout(config);
  return config;
}
