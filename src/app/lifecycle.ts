import { existsSync } from 'node:fs';
import {
  type ComposeService,
  parseComposeConfig,
  servicePublishing,
  unmanagedPorts,
} from '../core/compose-model.js';
import type { GateCheck } from '../core/config.js';
import { namedPort, portsForSlot } from '../core/ports.js';
import { type ContainerState, deriveStatus, type StatusSummary } from '../core/status.js';
import { BerthError, ExitCode } from '../errors.js';
import {
  type ComposeTarget,
  composeCapture,
  composeConfig,
  composeStream,
  lastLines,
} from '../infra/compose.js';
import { listComposeContainers } from '../infra/containers.js';
import { removeComposeProject } from '../infra/engine.js';
import { probeHttp, probeTcp } from '../infra/probes.js';
import { readRegistry, updateRegistry } from '../infra/registry-store.js';
import type { GateView } from '../ui/gate-view.js';
import { renderInstanceEnv, writeInstanceEnv } from './env-sandbox.js';
import { type CheckState, type GateProbe, type GateResult, runGate } from './gate.js';
import { composeTarget, type InstanceContext, writeHostGatewayOverride } from './instance.js';
import { checkPortsAvailable, portConflictError } from './port-check.js';
import { fetchSecrets, maskSecrets } from './secrets.js';

export interface Reporter {
  /** Progress for people, on stderr. */
  info(message: string): void;
  /** Shows the gate's progress (default: a plain line per passed check, through info). */
  gate?: GateView;
  warn(message: string): void;
  /** Raw output of compose, relayed. */
  relay?(chunk: string): void;
  onInterrupt?: (fn: () => void) => () => void;
}

/** The services a flavor runs, and what they publish, per the compose config and its profiles. */
export async function resolveServices(target: ComposeTarget): Promise<ComposeService[]> {
  return parseComposeConfig(await composeConfig(target));
}

function ensureEnvFile(ic: InstanceContext): void {
  if (existsSync(ic.envFile)) return;
  writeInstanceEnv(
    ic.instance.path,
    renderInstanceEnv(ic.config, ic.project.home, {
      id: ic.instance.instance_id,
      slot: ic.instance.slot,
      flavor: ic.instance.flavor,
    }),
  );
}

async function recordServices(ic: InstanceContext, services: readonly string[]): Promise<void> {
  const list = [...services];
  if (JSON.stringify(ic.instance.services) === JSON.stringify(list)) return;
  await updateRegistry(ic.project.registryFile, (registry) => {
    const id = ic.instance.instance_id;
    if (ic.instance.flavor === 'local-prod') {
      if (registry.local_prod?.instance_id !== id) return { result: undefined };
      return {
        registry: { ...registry, local_prod: { ...registry.local_prod, services: list } },
        result: undefined,
      };
    }
    const rec = registry.instances[id];
    if (!rec) return { result: undefined };
    return {
      registry: { ...registry, instances: { ...registry.instances, [id]: { ...rec, services: list } } },
      result: undefined,
    };
  });
}

export interface UpOptions {
  build?: boolean;
  wait?: boolean;
  timeoutSeconds?: number;
  /** Skip the secrets provider entirely (`--no-secrets`). */
  noSecrets?: boolean;
}

export interface UpResult {
  ic: InstanceContext;
  services: ComposeService[];
  gate?: GateResult;
  urls: Record<string, string>;
}

/** `up`: checks, compose up, then the gate (SPEC §3). */
export async function up(
  ic: InstanceContext,
  env: NodeJS.ProcessEnv,
  options: UpOptions,
  report: Reporter,
): Promise<UpResult> {
  if (!ic.present) {
    throw new BerthError('not-found', `${ic.instance.path} is gone`, {
      hint: "drop the entry with 'berth sandbox clean'",
    });
  }
  ensureEnvFile(ic);
  let target = composeTarget(ic, env);
  const services = await resolveServices(target);
  const slotPorts = portsForSlot(ic.config.ports, ic.instance.slot).map((p) => p.port);
  const named = services.filter((s) => s.containerName);
  if (named.length) {
    throw new BerthError(
      'config',
      `${named.map((s) => `${s.name} sets container_name: ${s.containerName}`).join(', ')}; every copy would ask for the same container name, so nothing was started`,
      {
        exitCode: ExitCode.usage,
        hint: 'remove container_name from the compose file: the instance id already names every container',
      },
    );
  }
  if (!ic.rules.fixedPortsAllowed) {
    const stray = unmanagedPorts(services, slotPorts);
    if (stray.length) {
      const list = stray.map((s) => `${s.service} publishes ${s.port}`).join(', ');
      throw new BerthError(
        'config',
        `${list}, which is not a port of slot ${ic.instance.slot} and would collide across sandboxes; nothing was started`,
        {
          exitCode: ExitCode.usage,
          hint: `declare it under ports: in berth.yaml and use its variable in the compose file, or stop publishing it`,
        },
      );
    }
  }
  const registry = readRegistry(ic.project.registryFile);
  const conflicts = await checkPortsAvailable(ic.config, ic.instance.slot, {
    registry,
    ownProject: ic.instance.instance_id,
  });
  if (conflicts.length) throw portConflictError(ic.instance.slot, conflicts);

  if (ic.rules.hostGateway) {
    const override = writeHostGatewayOverride(
      ic.project.home,
      ic.instance.instance_id,
      services.map((s) => s.name),
    );
    target = composeTarget(ic, env, [override]);
  }
  const secrets = options.noSecrets
    ? { values: {}, warnings: [] }
    : await fetchSecrets(ic.config, ic.rules, env);
  for (const w of secrets.warnings) report.warn(w);
  // Secrets live only in the environment of the compose process.
  target.env = { ...target.env, ...secrets.values };
  const mask = (text: string) => maskSecrets(text, Object.values(secrets.values));
  report.info(`starting ${ic.instance.instance_id} (${ic.instance.flavor}, slot ${ic.instance.slot})`);
  let tail = '';
  // Whole lines only: a secret split across two chunks must be masked too.
  const pending = { stdout: '', stderr: '' };
  const emit = (text: string) => {
    const safe = mask(text);
    tail = (tail + safe).slice(-4000);
    report.relay?.(safe);
  };
  const relay = (stream: 'stdout' | 'stderr') => (chunk: string) => {
    const text = pending[stream] + chunk;
    const cut = text.lastIndexOf('\n') + 1;
    pending[stream] = text.slice(cut);
    if (cut) emit(text.slice(0, cut));
  };
  const code = await composeStream(target, ['up', '-d', ...(options.build ? ['--build'] : [])], {
    stdout: relay('stdout'),
    stderr: relay('stderr'),
    onInterrupt: report.onInterrupt,
  });
  for (const rest of [pending.stdout, pending.stderr]) if (rest) emit(rest);
  if (code === 130)
    throw new BerthError('failed', 'interrupted: compose up was stopped', {
      exitCode: 130,
      hint: `'berth ${ic.instance.flavor} down' stops what did start`,
    });
  if (code !== 0) {
    throw new BerthError(
      'docker',
      `docker compose up failed for ${ic.instance.instance_id}: ${lastLines(tail, 2)}`,
      {
        hint: `see the compose output above; 'berth ${ic.instance.flavor} logs' shows the services' logs`,
      },
    );
  }
  await recordServices(
    ic,
    services.map((s) => s.name),
  );
  const urls = instanceUrls(ic);
  if (options.wait === false) return { ic, services, urls };
  const gate = await runInstanceGate(ic, target, services, {
    timeoutSeconds: options.timeoutSeconds ?? ic.config.gate.timeout,
    report,
    mask,
  });
  return { ic, services, gate, urls };
}

export function instanceUrls(ic: InstanceContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of ic.config.ports)
    out[p.name] = `http://localhost:${namedPort(ic.config, p.name, ic.instance.slot)}`;
  return out;
}

/** Probes for the configured checks, plus one per compose healthcheck. */
export function gateProbes(ic: InstanceContext, services: readonly ComposeService[]): GateProbe[] {
  const slot = ic.instance.slot;
  const probes: GateProbe[] = ic.config.gate.checks.map((check: GateCheck) => {
    const base = { name: check.name, ...(check.needs ? { needs: check.needs } : {}) };
    if (check.tcp !== undefined) {
      const port = namedPort(ic.config, check.tcp, slot);
      return { ...base, attempt: (t: number) => probeTcp(port, t) };
    }
    const http = check.http!;
    const port = namedPort(ic.config, http.port, slot);
    const expect = {
      status: check.status,
      ...(check.minItems !== undefined ? { minItems: check.minItems } : {}),
    };
    return { ...base, attempt: (t: number) => probeHttp(port, http.path, expect, t) };
  });
  for (const svc of services.filter((s) => s.hasHealthcheck)) {
    probes.push({
      name: `${svc.name} healthcheck`,
      attempt: async () => {
        const containers = (await listComposeContainers(ic.instance.instance_id)) ?? [];
        const c = containers.find((x) => x.service === svc.name);
        if (!c) return 'no container';
        if (c.state !== 'running') return `container ${c.state}`;
        return c.health === 'healthy' ? undefined : `health: ${c.health || 'unknown'}`;
      },
    });
  }
  return probes;
}

/** The compose service behind a check: the one publishing its port (or the healthcheck's own). */
function serviceBehind(
  ic: InstanceContext,
  services: readonly ComposeService[],
  checkName: string,
): string | undefined {
  const check = ic.config.gate.checks.find((c) => c.name === checkName);
  if (!check)
    return checkName.endsWith(' healthcheck') ? checkName.slice(0, -' healthcheck'.length) : undefined;
  const portName = check.tcp ?? check.http?.port;
  return portName ? servicePublishing(services, namedPort(ic.config, portName, ic.instance.slot)) : undefined;
}

export async function runInstanceGate(
  ic: InstanceContext,
  target: ComposeTarget,
  services: readonly ComposeService[],
  options: { timeoutSeconds: number; report: Reporter; mask?: (text: string) => string },
): Promise<GateResult> {
  const probes = gateProbes(ic, services);
  if (probes.length === 0) return { passed: true, elapsedMs: 0, checks: [] };
  const { report } = options;
  const view = report.gate ?? plainGateView(report);
  const result = await runGate(probes, {
    timeoutMs: options.timeoutSeconds * 1000,
    onChange: (s, all) => view.update(s, all),
  });
  view.finish(result);
  if (result.passed) return result;
  const lines: string[] = [];
  for (const c of result.checks.filter((x) => x.status === 'failed')) {
    const service = serviceBehind(ic, services, c.name);
    if (service) {
      const logs = await composeCapture(target, ['logs', '--no-color', '--tail', '15', service]);
      const raw = (logs.stdout + logs.stderr).replaceAll('\x1b[2K', '').trimEnd();
      const text = options.mask ? options.mask(raw) : raw;
      lines.push(
        `  last log lines of ${service}:`,
        ...(text ? text.split('\n').map((l) => `    ${l}`) : ['    (no output)']),
      );
    }
  }
  for (const l of lines) report.info(l);
  const failed = result.checks.filter((c) => c.status === 'failed');
  throw new BerthError(
    'gate',
    `gate failed after ${options.timeoutSeconds} s: ${failed.map((c) => `${c.name}: ${c.lastError}`).join('; ')}`,
    {
      exitCode: ExitCode.gate,
      hint: `the containers keep running; 'berth ${ic.instance.flavor} logs' shows more`,
      data: result,
    },
  );
}

function plainGateView(report: Reporter): GateView {
  return {
    update(s: CheckState) {
      if (s.status === 'passed')
        report.info(`  ok    ${s.name} (${((s.passedAfterMs ?? 0) / 1000).toFixed(1)} s)`);
    },
    finish(result) {
      for (const c of result.checks) {
        if (c.status !== 'passed')
          report.info(`  ${c.status === 'skipped' ? 'skip' : 'FAIL'}  ${c.name}: ${c.lastError ?? ''}`);
      }
    },
  };
}

export async function down(
  ic: InstanceContext,
  env: NodeJS.ProcessEnv,
  options: { volumes?: boolean },
): Promise<void> {
  if (!ic.present) {
    if (options.volumes) await removeComposeProject(ic.instance.instance_id);
    else await removeComposeProject(ic.instance.instance_id).catch(() => undefined);
    return;
  }
  const target = composeTarget(ic, env);
  const res = await composeCapture(
    target,
    ['down', '--remove-orphans', ...(options.volumes ? ['--volumes'] : [])],
    300_000,
  );
  if (res.code !== 0) {
    throw new BerthError(
      'docker',
      `docker compose down failed for ${ic.instance.instance_id}: ${lastLines(res.stderr, 2)}`,
    );
  }
}

export interface ServiceStatus {
  name: string;
  state: string;
  health: string;
}

export interface StatusReport {
  summary: StatusSummary;
  services: ServiceStatus[];
}

/** Live status: expected services from the last `up` (or the compose config), states from the engine. */
export async function instanceStatus(ic: InstanceContext, env: NodeJS.ProcessEnv): Promise<StatusReport> {
  const containers = await listComposeContainers(ic.instance.instance_id, env);
  let expected = Array.isArray(ic.instance.services) ? (ic.instance.services as string[]) : undefined;
  if (!expected && ic.present) {
    try {
      expected = (await resolveServices(composeTarget(ic, env))).map((s) => s.name);
    } catch {
      expected = undefined;
    }
  }
  const summary = deriveStatus(containers ?? [], {
    ...(expected ? { expected } : {}),
    directoryExists: ic.present,
    engineReachable: containers !== undefined,
  });
  const names = [...new Set([...(expected ?? []), ...(containers ?? []).map((c) => c.service)])].sort();
  const services = names.map((name) => {
    const c = (containers ?? []).find((x: ContainerState) => x.service === name);
    return { name, state: c?.state ?? 'missing', health: c?.health ?? '' };
  });
  return { summary, services };
}
