import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ProjectConfig } from '../core/config.js';
import { allInstances, type Registry, staleEntries } from '../core/registry.js';
import { isInstanceOf } from '../core/slug.js';
import { isBerthError } from '../errors.js';
import { directoryExists } from '../infra/checkout.js';
import { findConfigFile, loadConfigFile } from '../infra/config-loader.js';
import { composeProjectNames } from '../infra/engine.js';
import { execFile } from '../infra/exec.js';
import { berthHome, registryFile } from '../infra/home.js';
import { opWhoami } from '../infra/op.js';
import { readRegistry } from '../infra/registry-store.js';
import { checkPortsAvailable } from './port-check.js';
import { secretMappings } from './secrets.js';

/**
 * `berth doctor`: every finding with a status and, for each problem, the fix.
 * Errors make it exit 1; warnings (a missing or signed-out op, say) do not.
 */
export type FindingStatus = 'ok' | 'warn' | 'error';

export interface Finding {
  check: string;
  status: FindingStatus;
  detail: string;
  fix?: string;
}

export async function runDoctor(cwd: string, env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (check: string, status: FindingStatus, detail: string, fix?: string) =>
    findings.push({ check, status, detail, ...(fix ? { fix } : {}) });

  // The engine and Compose v2.
  const engine = await execFile('docker', ['version', '--format', '{{.Server.Version}}'], {
    env,
    timeoutMs: 20_000,
  }).catch(() => undefined);
  const engineUp = engine?.code === 0;
  if (!engine)
    add(
      'engine',
      'error',
      'the docker CLI is not installed',
      'install Docker (Docker Desktop, or docker.io on Debian)',
    );
  else if (!engineUp) {
    add(
      'engine',
      'error',
      `the Docker engine cannot be reached: ${engine.stderr.trim().split('\n').pop() ?? ''}`,
      'start Docker (or dockerd), and check DOCKER_HOST / docker context',
    );
  } else add('engine', 'ok', `Docker Engine ${engine.stdout.trim()}`);
  if (engine) {
    const compose = await execFile('docker', ['compose', 'version', '--short'], { env, timeoutMs: 20_000 });
    const version = compose.stdout.trim().replace(/^v/, '');
    if (compose.code !== 0)
      add(
        'compose',
        'error',
        'Docker Compose v2 (docker compose) is not installed',
        'install the docker-compose-plugin (Compose v2)',
      );
    else if (!version.startsWith('2.'))
      add('compose', 'error', `docker compose is ${version}, berth needs v2`, 'install Compose v2');
    else add('compose', 'ok', `Docker Compose ${version}`);
  }

  // The config.
  let config: ProjectConfig | undefined;
  const file = findConfigFile(cwd);
  if (!file)
    add(
      'config',
      'error',
      `no berth.yaml in ${cwd} or above`,
      'run berth doctor inside a checkout of the project',
    );
  else {
    try {
      config = await loadConfigFile(file);
      add(
        'config',
        'ok',
        `${file}: project ${config.project}, ${config.slots} sandbox slots, ${config.ports.length} ports`,
      );
    } catch (error) {
      if (!isBerthError(error)) throw error;
      add('config', 'error', error.message, error.hint);
    }
  }

  // The secrets provider, where the config has secrets.
  if (config && Object.keys(config.secrets.fields).length) {
    if (config.secrets.provider === 'env') {
      const missing = secretMappings(config)
        .map((m) => m.env)
        .filter((name) => env[name] === undefined);
      if (missing.length) {
        add(
          'secrets',
          'warn',
          `provider env: ${missing.join(', ')} not set: up uses the compose defaults for them`,
          'export them before berth up',
        );
      } else add('secrets', 'ok', 'provider env: every secret variable is set');
    } else {
      const who = await opWhoami(env);
      if (who.ok) add('1password', 'ok', `op signed in as ${who.account}`);
      else if (who.failure.kind === 'missing') {
        add(
          '1password',
          'warn',
          'the 1Password CLI (op) is not installed: up uses the compose defaults',
          'install op, or pass --no-secrets',
        );
      } else if (who.failure.kind === 'signed-out') {
        add(
          '1password',
          'warn',
          'op is not signed in: up uses the compose defaults',
          'run: eval $(op signin)',
        );
      } else add('1password', 'warn', `op: ${who.failure.message}`);
    }
  }
  if (!config) return findings;

  // The registry, its lock, stale entries, orphaned compose projects, port conflicts.
  const home = berthHome(config.project, env);
  const regFile = registryFile(home);
  let registry: Registry | undefined;
  try {
    registry = readRegistry(regFile);
    const n = allInstances(registry).length;
    add(
      'registry',
      'ok',
      existsSync(regFile) ? `${regFile}: ${n} instance(s)` : `${regFile} does not exist yet (no instances)`,
    );
  } catch (error) {
    if (!isBerthError(error)) throw error;
    add('registry', 'error', error.message, error.hint);
  }
  const lock = `${regFile}.lock`;
  if (existsSync(lock)) {
    const age = Math.round((Date.now() - statSync(lock).mtimeMs) / 1000);
    let holder = 'an unreadable lock';
    try {
      const info = JSON.parse(readFileSync(lock, 'utf8')) as { pid: number; hostname: string };
      holder = `pid ${info.pid} on ${info.hostname}`;
    } catch {
      // keep the default
    }
    add(
      'lock',
      age > 30 ? 'warn' : 'ok',
      `the registry is locked by ${holder} (${age} s)`,
      age > 30 ? 'the next writer breaks a stale lock by itself' : undefined,
    );
  }
  if (!registry) return findings;
  const stale = staleEntries(registry, directoryExists);
  if (stale.length) {
    add(
      'stale entries',
      'warn',
      `${stale.map((i) => `${i.instance_id} (${i.path})`).join(', ')}: directory gone`,
      'berth sandbox clean',
    );
  } else add('stale entries', 'ok', 'every registered directory exists');

  if (engineUp) {
    const owned = new Set(allInstances(registry).map((i) => i.instance_id));
    const orphans = ((await composeProjectNames()) ?? []).filter(
      (n) => isInstanceOf(n, config.project) && !owned.has(n),
    );
    if (orphans.length)
      add(
        'orphans',
        'warn',
        `compose projects no instance owns: ${orphans.join(', ')}`,
        'berth sandbox clean',
      );
    else add('orphans', 'ok', 'no orphaned compose projects');
  }

  for (const instance of allInstances(registry).filter((i) => existsSync(i.path))) {
    const conflicts = await checkPortsAvailable(config, instance.slot, {
      registry,
      ownProject: instance.instance_id,
    });
    if (conflicts.length) {
      add(
        `ports of ${instance.instance_id}`,
        'error',
        conflicts.map((c) => `${c.port} (${c.env}) held by ${c.holder}`).join('; '),
        'stop what holds them before berth up',
      );
    } else add(`ports of ${instance.instance_id}`, 'ok', `slot ${instance.slot}: all free or its own`);
  }
  return findings;
}
