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

/**
 * A small berth.yaml for command tests: its own project name and a port
 * range of its own (`base`), so test files running in parallel, and the
 * example stack of the e2e tier, never probe each other's ports. Keep bases
 * below 32768: above it, Linux hands out the same ports to outgoing
 * connections, and any connection of a parallel test could hold one.
 */
export function testConfigYaml(options: {
  project?: string;
  base: number;
  slots?: number;
  extra?: string;
}): string {
  const { project = 'demo', base, slots = 10 } = options;
  return [
    `project: ${project}`,
    `slots: ${slots}`,
    'ports:',
    `  api: { env: DEMO_API_PORT, standard: ${base} }`,
    `  db: { env: DEMO_DB_PORT, standard: ${base + 100} }`,
    `  worker: { env: "DEMO_WORKER_PORT_{n}", standard: ${base + 200}, first: ${base + 210}, step: 10, count: 2 }`,
    'shared: { dirs: [data, models] }',
    'local_prod:',
    '  env: { HOST_SERVICE_URL: "http://host.docker.internal:5001" }',
    options.extra ?? '',
  ].join('\n');
}
