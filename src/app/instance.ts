import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_COMPOSE_FILES } from '../core/compose-model.js';
import type { ProjectConfig } from '../core/config.js';
import { type FlavorRules, flavorRules } from '../core/flavor.js';
import { type Flavor, findById, findByPath, type Instance } from '../core/registry.js';
import { BerthError, configError } from '../errors.js';
import { enclosingCheckout } from '../infra/checkout.js';
import type { ComposeTarget } from '../infra/compose.js';
import { CONFIG_FILE, loadConfigFile } from '../infra/config-loader.js';
import { readRegistry } from '../infra/registry-store.js';
import { ENV_FILE, readEnvFile } from './env-sandbox.js';
import { openProject, type Project } from './project.js';

/** One registered instance, ready for compose. */
export interface InstanceContext {
  project: Project;
  instance: Instance;
  /** The instance's own berth.yaml (its branch may differ from the cwd's). */
  config: ProjectConfig;
  rules: FlavorRules;
  /** False when the instance's directory is gone. */
  present: boolean;
  envFile: string;
}

function notInstance(message: string, hint: string): BerthError {
  return new BerthError('not-instance', message, { hint });
}

/**
 * The instance a command acts on: for a sandbox, the registry entry whose
 * path is the cwd's checkout root (real path); for local-prod, the registered
 * local-prod wherever the cwd is.
 */
export async function currentInstance(
  cwd: string,
  env: NodeJS.ProcessEnv,
  flavor: Flavor,
  /** Name the instance instead (read-only commands such as status). */
  id?: string,
): Promise<InstanceContext> {
  const project = await openProject(cwd, env);
  const registry = readRegistry(project.registryFile);
  let instance: Instance | undefined;
  if (id !== undefined) {
    instance = findById(registry, id);
    if (!instance) {
      const known = [registry.local_prod?.instance_id, ...Object.keys(registry.instances)].filter(Boolean);
      throw notInstance(
        `no instance ${id}`,
        known.length ? `registered: ${known.join(', ')}` : 'none is registered',
      );
    }
  } else if (flavor === 'local-prod') {
    instance = registry.local_prod ? { ...registry.local_prod, flavor: 'local-prod' } : undefined;
    if (!instance)
      throw notInstance(
        `there is no local-prod for ${project.config.project}`,
        'register a clone with berth local-prod init',
      );
  } else {
    const checkout = enclosingCheckout(cwd);
    if (!checkout) throw notInstance(`${cwd} is not in a git checkout`, 'cd into a sandbox checkout');
    instance = findByPath(registry, checkout.root);
    if (!instance || instance.flavor !== 'sandbox') {
      const envFile = join(checkout.root, ENV_FILE);
      const claimed = existsSync(envFile) ? safeId(envFile) : undefined;
      const other = claimed ? findById(registry, claimed) : undefined;
      if (other && other.path !== checkout.root) {
        throw notInstance(
          `${checkout.root} is a copy or move of ${other.instance_id}, which is registered at ${other.path}; berth touched nothing`,
          `run berth in ${other.path}, or register this checkout with 'berth sandbox init'`,
        );
      }
      if (instance?.flavor === 'local-prod') {
        throw notInstance(`${checkout.root} is the local-prod, not a sandbox`, `use 'berth local-prod ...'`);
      }
      throw notInstance(
        `${checkout.root} is not a registered sandbox`,
        "register it with 'berth sandbox init'",
      );
    }
  }
  const present = existsSync(instance.path);
  const ownConfig = join(instance.path, CONFIG_FILE);
  const config = present && existsSync(ownConfig) ? await loadConfigFile(ownConfig) : project.config;
  return {
    project,
    instance,
    config,
    rules: flavorRules(config, instance.flavor),
    present,
    envFile: join(instance.path, ENV_FILE),
  };
}

function safeId(file: string): string | undefined {
  try {
    return readEnvFile(file).get('INSTANCE_ID');
  } catch {
    return undefined;
  }
}

/** The compose files of an instance: the configured ones, or the first default that exists. */
export function composeFiles(config: ProjectConfig, dir: string): string[] {
  if (config.compose) {
    for (const f of config.compose) {
      if (!existsSync(join(dir, f))) {
        throw configError(
          `${config.file}: compose: ${f} does not exist in ${dir}`,
          'fix the compose list in berth.yaml',
        );
      }
    }
    return config.compose;
  }
  const found = DEFAULT_COMPOSE_FILES.find((f) => existsSync(join(dir, f)));
  if (!found) {
    throw configError(
      `no compose file in ${dir} (looked for ${DEFAULT_COMPOSE_FILES.join(', ')})`,
      'name it under compose: in berth.yaml',
    );
  }
  return [found];
}

/**
 * The environment compose runs with: the invoking environment, then
 * .env.sandbox, then secrets (later wins). COMPOSE_* variables of the caller
 * that would change which project or files compose uses are dropped.
 */
export function composeEnv(
  base: NodeJS.ProcessEnv,
  envFileValues: ReadonlyMap<string, string>,
  secrets: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of ['COMPOSE_FILE', 'COMPOSE_PROFILES', 'COMPOSE_PROJECT_NAME', 'COMPOSE_PATH_SEPARATOR'])
    delete env[key];
  for (const [k, v] of envFileValues) env[k] = v;
  Object.assign(env, secrets);
  return env;
}

export function composeTarget(
  ic: InstanceContext,
  env: NodeJS.ProcessEnv,
  extraFiles: string[] = [],
): ComposeTarget {
  const values = existsSync(ic.envFile) ? readEnvFile(ic.envFile) : new Map<string, string>();
  return {
    project: ic.instance.instance_id,
    dir: ic.instance.path,
    files: [...composeFiles(ic.config, ic.instance.path), ...extraFiles],
    envFile: ic.envFile,
    profiles: ic.rules.profiles,
    env: composeEnv(env, values),
  };
}

/**
 * For local-prod: a small compose override that maps host.docker.internal to
 * the host gateway in every service, as Docker Desktop does on its own.
 */
export function writeHostGatewayOverride(home: string, id: string, services: readonly string[]): string {
  const dir = join(home, 'sandbox', 'compose');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${id}.host-gateway.yml`);
  const body = services
    .map((s) => `  ${JSON.stringify(s)}:\n    extra_hosts: ["host.docker.internal:host-gateway"]`)
    .join('\n');
  writeFileSync(file, `# Written by berth: host.docker.internal for ${id}\nservices:\n${body}\n`);
  return file;
}
