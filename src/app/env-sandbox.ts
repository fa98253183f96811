import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectConfig } from '../core/config.js';
import { type EnvSection, parseEnvFile, renderEnvFile } from '../core/env-file.js';
import { apiUrl, portEnv } from '../core/ports.js';
import type { Flavor } from '../core/registry.js';
import { writeFileAtomic } from '../infra/atomic.js';
import { sharedDir } from '../infra/home.js';

export const ENV_FILE = '.env.sandbox';

export interface EnvIdentity {
  id: string;
  slot: number;
  flavor: Flavor;
}

/** Shared data variables (SPEC §6): <PREFIX>_SHARED_DIR and <PREFIX>_<DIR>_DIR. */
export function sharedEnv(config: ProjectConfig, home: string): Record<string, string> {
  const root = sharedDir(home);
  const out: Record<string, string> = {};
  if (config.shared.dirs.length === 0) return out;
  out[`${config.envPrefix}_SHARED_DIR`] = root;
  for (const dir of config.shared.dirs) {
    out[`${config.envPrefix}_${dir.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DIR`] = join(root, dir);
  }
  return out;
}

/** The whole content of an instance's .env.sandbox; never a secret. */
export function renderInstanceEnv(config: ProjectConfig, home: string, who: EnvIdentity): string {
  const sections: EnvSection[] = [
    {
      comment: 'Instance identity',
      entries: {
        INSTANCE_ID: who.id,
        COMPOSE_PROJECT_NAME: who.id,
        SLOT_NUMBER: who.slot,
        BERTH_FLAVOR: who.flavor,
        BERTH_API_URL: apiUrl(config, who.slot),
      },
    },
    { comment: 'Ports', entries: portEnv(config.ports, who.slot) },
    { comment: 'Shared data', entries: sharedEnv(config, home) },
  ];
  if (who.flavor === 'local-prod')
    sections.push({ comment: 'local-prod settings', entries: config.localProd.env });
  return renderEnvFile(
    `Written by berth for ${who.id} (${who.flavor}, slot ${who.slot}). Do not edit: berth rewrites it.\nThis file is the source of truth for this instance. It holds no secrets.`,
    sections,
  );
}

export function writeInstanceEnv(dir: string, text: string): string {
  const file = join(dir, ENV_FILE);
  writeFileAtomic(file, text);
  return file;
}

/** The nearest .env.sandbox in `cwd` or a parent directory. */
export function findEnvFile(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, ENV_FILE);
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

export function readEnvFile(file: string): Map<string, string> {
  return parseEnvFile(readFileSync(file, 'utf8'), file);
}
