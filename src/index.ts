/**
 * berth as a library: the same functions the CLI is built on.
 *
 *   import { openProject, getPorts, getEffectiveApiUrl } from 'berth';
 *   const { config, registryFile } = await openProject(process.cwd(), process.env);
 *   getPorts(config, 2); // { KTRDR_API_PORT: 8002, ... }
 */
import type { ProjectConfig } from './core/config.js';
import { portEnv } from './core/ports.js';

export { findEnvFile, readEnvFile, renderInstanceEnv } from './app/env-sandbox.js';
export type { InitOptions, InitResult } from './app/init.js';
export { initInstance } from './app/init.js';
export type { PortConflict } from './app/port-check.js';
export { checkPortsAvailable } from './app/port-check.js';
export type { Project } from './app/project.js';
export { openProject, projectFromConfig } from './app/project.js';
export {
  addInstance,
  allocateNextSlot,
  cleanStaleEntries,
  getAllocatedSlots,
  getLocalProd,
  loadRegistry,
  removeInstance,
  setLocalProd,
} from './app/registry-api.js';
export { initShared } from './app/shared.js';
export type { EffectiveUrl, UrlOptions } from './app/url.js';
export { getEffectiveApiUrl } from './app/url.js';
export type { GateCheck, PortDef, ProjectConfig } from './core/config.js';
export { parseConfig } from './core/config.js';
export { parseEnvFile, renderEnvFile } from './core/env-file.js';
export type { PortAssignment } from './core/ports.js';
export { apiUrl, checkPortLayout, portEnv, portsForSlot } from './core/ports.js';
export type { Flavor, Instance, InstanceRecord, Registry } from './core/registry.js';
export { localProdId, sandboxId, slugify } from './core/slug.js';
export type { ErrorCode } from './errors.js';
export { BerthError, ExitCode } from './errors.js';
export { findConfigFile, loadConfig, loadConfigFile } from './infra/config-loader.js';
export { berthHome, registryFile } from './infra/home.js';

/** Every port of a slot as `{ ENV_NAME: port }` (the seed's get_ports). */
export function getPorts(config: ProjectConfig, slot: number): Record<string, number> {
  return portEnv(config.ports, slot);
}

export type { CheckState, GateProbe, GateResult } from './app/gate.js';
export { runGate } from './app/gate.js';
export { probeHttp, probeTcp } from './infra/probes.js';
