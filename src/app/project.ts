import type { ProjectConfig } from '../core/config.js';
import { loadConfig } from '../infra/config-loader.js';
import { berthHome, registryFile } from '../infra/home.js';

/** A loaded project: its config and where its state lives. */
export interface Project {
  config: ProjectConfig;
  home: string;
  registryFile: string;
}

export function projectFromConfig(config: ProjectConfig, env: NodeJS.ProcessEnv): Project {
  const home = berthHome(config.project, env);
  return { config, home, registryFile: registryFile(home) };
}

/** The project whose berth.yaml is in `cwd` or a parent. */
export async function openProject(cwd: string, env: NodeJS.ProcessEnv): Promise<Project> {
  return projectFromConfig(await loadConfig(cwd), env);
}
