import type { ProjectConfig } from './config.js';
import type { Flavor } from './registry.js';

/**
 * What makes local-prod differ from a sandbox, as data: one lifecycle runs
 * both (the system berth grew from drifted apart across copies of it).
 */
export interface FlavorRules {
  flavor: Flavor;
  /** Compose profiles to enable. */
  profiles: string[];
  /** 1Password item to read secrets from, if any. */
  secretsItem: string | undefined;
  /** Make host.docker.internal resolve in every container (Linux engines need host-gateway). */
  hostGateway: boolean;
  /** Services may publish host ports outside the slot's table. */
  fixedPortsAllowed: boolean;
}

export function flavorRules(config: ProjectConfig, flavor: Flavor): FlavorRules {
  if (flavor === 'local-prod') {
    return {
      flavor,
      profiles: config.localProd.profile ? [config.localProd.profile] : [],
      secretsItem: config.secrets.items['local-prod'],
      hostGateway: true,
      fixedPortsAllowed: true,
    };
  }
  return {
    flavor,
    profiles: [],
    secretsItem: config.secrets.items.sandbox,
    hostGateway: false,
    fixedPortsAllowed: false,
  };
}
