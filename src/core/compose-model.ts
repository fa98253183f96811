/**
 * What berth needs from `docker compose config --format json`: the services
 * the flavor runs and the host ports each publishes. Pure.
 */
/** Compose files berth looks for when berth.yaml names none, first match wins. */
export const DEFAULT_COMPOSE_FILES = [
  'docker-compose.sandbox.yml',
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
] as const;

export interface ComposeService {
  name: string;
  /** Host ports this service publishes. */
  published: number[];
  hasHealthcheck: boolean;
  /** A fixed container name: the same in every copy, so two copies collide. */
  containerName?: string;
}

interface RawPort {
  published?: string | number;
  target?: number;
  host_ip?: string;
}

interface RawService {
  ports?: RawPort[];
  healthcheck?: { disable?: boolean };
  container_name?: string;
}

export function parseComposeConfig(doc: unknown): ComposeService[] {
  const services = (doc as { services?: Record<string, RawService> })?.services;
  if (!services || typeof services !== 'object') return [];
  return Object.entries(services)
    .map(([name, svc]) => ({
      name,
      published: (svc.ports ?? []).flatMap((p) => expandPublished(p.published)),
      hasHealthcheck: svc.healthcheck !== undefined && svc.healthcheck.disable !== true,
      ...(svc.container_name ? { containerName: svc.container_name } : {}),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function expandPublished(published: string | number | undefined): number[] {
  if (published === undefined || published === '') return [];
  const text = String(published);
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) {
    const out: number[] = [];
    for (let p = Number(range[1]); p <= Number(range[2]); p++) out.push(p);
    return out;
  }
  return /^\d+$/.test(text) ? [Number(text)] : [];
}

export interface UnmanagedPort {
  service: string;
  port: number;
}

/** Published host ports that are not among the slot's ports: they would collide across sandboxes. */
export function unmanagedPorts(
  services: readonly ComposeService[],
  slotPorts: readonly number[],
): UnmanagedPort[] {
  const managed = new Set(slotPorts);
  return services.flatMap((s) =>
    s.published.filter((p) => !managed.has(p)).map((port) => ({ service: s.name, port })),
  );
}

export function servicePublishing(services: readonly ComposeService[], port: number): string | undefined {
  return services.find((s) => s.published.includes(port))?.name;
}
