import type { ProjectConfig } from '../core/config.js';
import { portsForSlot } from '../core/ports.js';
import { allInstances, type Registry } from '../core/registry.js';
import { BerthError, ExitCode } from '../errors.js';
import { describeHolder, findPortHolders } from '../infra/port-holders.js';
import { busyPorts } from '../infra/port-probe.js';

export interface PortConflict {
  env: string;
  port: number;
  /** Who holds it, where that can be known. */
  holder: string;
}

/**
 * The ports of a slot that are busy, each with its holder. `ownProject`
 * (the instance's compose project) marks ports published by the instance's
 * own containers, which are not a conflict.
 */
export async function checkPortsAvailable(
  config: ProjectConfig,
  slot: number,
  options: { registry?: Registry; ownProject?: string } = {},
): Promise<PortConflict[]> {
  const assignments = portsForSlot(config.ports, slot);
  const ports = assignments.map((a) => a.port);
  // Busy: cannot be bound, or published by a container (an engine without
  // its userland proxy leaves nothing listening on the host).
  const [bound, holders] = await Promise.all([busyPorts(ports), findPortHolders(ports)]);
  const busy = ports.filter((p) => bound.includes(p) || holders.get(p)?.container !== undefined);
  if (busy.length === 0) return [];
  const instances = options.registry ? allInstances(options.registry) : [];
  const instanceOf = (project: string) => {
    const i = instances.find((x) => x.instance_id === project);
    return i ? `berth instance ${i.instance_id} (slot ${i.slot})` : undefined;
  };
  const conflicts: PortConflict[] = [];
  for (const port of busy) {
    const holder = holders.get(port)!;
    if (options.ownProject && holder.container?.project === options.ownProject) continue;
    conflicts.push({
      env: assignments.find((a) => a.port === port)!.env,
      port,
      holder: describeHolder(holder, instanceOf),
    });
  }
  return conflicts;
}

export function portConflictError(slot: number, conflicts: readonly PortConflict[]): BerthError {
  const list = conflicts.map((c) => `${c.port} (${c.env}) is held by ${c.holder}`).join('; ');
  return new BerthError('port-conflict', `port conflict on slot ${slot}: ${list}`, {
    exitCode: ExitCode.portConflict,
    hint: 'stop what holds them, or pick another slot with --slot',
    data: conflicts,
  });
}
