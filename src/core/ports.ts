import { configError, usageError } from '../errors.js';
import type { PortDef, ProjectConfig } from './config.js';

/**
 * The slot → host port rule (SPEC §2). Slot 0 is local-prod on the standard
 * ports; slot s >= 1 gets first + (s-1)*step + i for the i-th port of a group.
 */

export interface PortAssignment {
  /** Key under `ports:`. */
  name: string;
  /** 1-based index within a group; 1 for a single port. */
  index: number;
  /** Size of the group (1 for a single port). */
  count: number;
  /** Environment variable name, e.g. KTRDR_WORKER_PORT_3. */
  env: string;
  port: number;
}

export function envNameFor(def: PortDef, index: number): string {
  return def.env.replace('{n}', String(index));
}

export function portFor(def: PortDef, slot: number, index = 1): number {
  const base = slot === 0 ? def.standard : def.first + (slot - 1) * def.step;
  return base + (index - 1);
}

/** Every port of a slot, in config order. */
export function portsForSlot(ports: readonly PortDef[], slot: number): PortAssignment[] {
  const out: PortAssignment[] = [];
  for (const def of ports) {
    for (let i = 1; i <= def.count; i++) {
      out.push({
        name: def.name,
        index: i,
        count: def.count,
        env: envNameFor(def, i),
        port: portFor(def, slot, i),
      });
    }
  }
  return out;
}

/** `{ ENV_NAME: port }` for a slot. */
export function portEnv(ports: readonly PortDef[], slot: number): Record<string, number> {
  return Object.fromEntries(portsForSlot(ports, slot).map((p) => [p.env, p.port]));
}

/** The port a named port (the first of a group) has at a slot. */
export function namedPort(config: Pick<ProjectConfig, 'ports'>, name: string, slot: number): number {
  const def = config.ports.find((p) => p.name === name);
  if (!def) throw new Error(`no port named ${name}`);
  return portFor(def, slot);
}

export function apiUrl(config: Pick<ProjectConfig, 'ports' | 'apiPort'>, slot: number): string {
  return `http://localhost:${namedPort(config, config.apiPort, slot)}`;
}

function describe(a: PortAssignment, slot: number): string {
  return `${a.env} (ports.${a.name}) at slot ${slot}`;
}

/**
 * Proves that no two (slot, port) pairs collide for slots 0..slots and that
 * every port is in 1..65535, so that any two instances can run at once.
 */
export function checkPortLayout(config: Pick<ProjectConfig, 'ports' | 'slots' | 'file'>): void {
  const envs = new Map<string, string>();
  for (const def of config.ports) {
    for (let i = 1; i <= def.count; i++) {
      const env = envNameFor(def, i);
      const other = envs.get(env);
      if (other) throw configError(`${config.file}: ports.${def.name} and ports.${other} both set ${env}`);
      envs.set(env, def.name);
    }
  }
  const taken = new Map<number, { a: PortAssignment; slot: number }>();
  for (let slot = 0; slot <= config.slots; slot++) {
    for (const a of portsForSlot(config.ports, slot)) {
      if (a.port < 1 || a.port > 65535) {
        throw configError(
          `${config.file}: ${describe(a, slot)} would be ${a.port}, outside 1..65535`,
          'lower first/standard/step or slots',
        );
      }
      const other = taken.get(a.port);
      if (other) {
        throw configError(
          `${config.file}: ports collide: ${describe(other.a, other.slot)} and ${describe(a, slot)} are both ${a.port}`,
          'change first, standard or step so that the ranges do not overlap',
        );
      }
      taken.set(a.port, { a, slot });
    }
  }
}

/** Parses a slot given on the command line (`--slot N`, `berth ports N`). */
export function parseSlot(
  text: string,
  config: Pick<ProjectConfig, 'slots'>,
  options: { allowZero: boolean },
): number {
  const min = options.allowZero ? 0 : 1;
  const range = `${min}..${config.slots}`;
  if (!/^\d+$/.test(text.trim()))
    throw usageError(`'${text}' is not a slot number`, `give a whole number in ${range}`);
  const slot = Number(text);
  if (slot < min || slot > config.slots) {
    throw usageError(
      `slot ${slot} is out of range ${range}`,
      slot === 0 && !options.allowZero
        ? 'slot 0 belongs to local-prod (berth local-prod init)'
        : `this project has ${config.slots} sandbox slots (slots: in berth.yaml)`,
    );
  }
  return slot;
}
