import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Per-project state: $BERTH_HOME if set, else ~/.<project> (SPEC §1). */
export function berthHome(project: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.BERTH_HOME;
  if (fromEnv) return resolve(fromEnv);
  return join(env.HOME || homedir(), `.${project}`);
}

export function registryFile(home: string): string {
  return join(home, 'sandbox', 'instances.json');
}

export function sharedDir(home: string): string {
  return join(home, 'shared');
}
