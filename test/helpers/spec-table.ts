/**
 * SPEC §2's port table for the KTRDR example, written out from the spec (not
 * computed by berth), so tests check berth against the contract.
 */
export const KTRDR_ENV_NAMES = [
  'KTRDR_API_PORT',
  'KTRDR_DB_PORT',
  'KTRDR_GRAFANA_PORT',
  'KTRDR_JAEGER_UI_PORT',
  'KTRDR_JAEGER_OTLP_GRPC_PORT',
  'KTRDR_JAEGER_OTLP_HTTP_PORT',
  'KTRDR_PROMETHEUS_PORT',
  'KTRDR_WORKER_PORT_1',
  'KTRDR_WORKER_PORT_2',
  'KTRDR_WORKER_PORT_3',
  'KTRDR_WORKER_PORT_4',
] as const;

/** Slot s: API, DB, Grafana, Jaeger UI, OTLP gRPC, OTLP HTTP, Prometheus, workers 1-4. */
export function specRow(s: number): number[] {
  if (s === 0) return [8000, 5432, 3000, 16686, 4317, 4318, 9090, 5003, 5004, 5005, 5006];
  const w = 5007 + (s - 1) * 10;
  return [
    8000 + s,
    5432 + s,
    3000 + s,
    16686 + s,
    4317 + 10 * s,
    4318 + 10 * s,
    9090 + s,
    w,
    w + 1,
    w + 2,
    w + 3,
  ];
}

/** `{ KTRDR_API_PORT: 8002, ... }` for a slot. */
export function specPorts(slot: number): Record<string, number> {
  const row = specRow(slot);
  return Object.fromEntries(KTRDR_ENV_NAMES.map((name, i) => [name, row[i]!]));
}
