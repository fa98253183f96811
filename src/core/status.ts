/**
 * Instance status from what the engine reports (SPEC §3 `list`): running when
 * every expected service has a running container, partial r/t, stopped,
 * missing (directory gone), unknown (engine unreachable).
 */
export type InstanceStatus = 'running' | 'partial' | 'stopped' | 'missing' | 'unknown';

export interface ContainerState {
  project: string;
  service: string;
  /** Engine state: running, exited, paused, restarting, created, dead. */
  state: string;
  /** healthy, unhealthy, starting, or '' without a healthcheck. */
  health?: string;
  name?: string;
}

export interface StatusSummary {
  status: InstanceStatus;
  running: number;
  total: number;
}

/**
 * @param expected the services the flavor runs, when known; otherwise the
 *   services that have containers count.
 */
export function deriveStatus(
  containers: readonly ContainerState[],
  options: { expected?: readonly string[]; directoryExists: boolean; engineReachable: boolean },
): StatusSummary {
  if (!options.directoryExists)
    return { status: 'missing', running: 0, total: options.expected?.length ?? 0 };
  if (!options.engineReachable)
    return { status: 'unknown', running: 0, total: options.expected?.length ?? 0 };
  const services = options.expected ?? [...new Set(containers.map((c) => c.service))];
  const runningServices = new Set(containers.filter((c) => c.state === 'running').map((c) => c.service));
  const running = services.filter((s) => runningServices.has(s)).length;
  const total = services.length;
  if (total > 0 && running === total) return { status: 'running', running, total };
  if (running === 0) return { status: 'stopped', running, total };
  return { status: 'partial', running, total };
}

export function formatStatus(s: StatusSummary): string {
  return s.status === 'partial' ? `partial ${s.running}/${s.total}` : s.status;
}
