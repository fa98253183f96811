import type { CommandModule } from './context.js';

/**
 * Implementation modules, each imported only when its command runs. The
 * build turns every one of these into its own file next to the CLI bundle.
 */
export const loaders: Record<string, () => Promise<CommandModule>> = {
  init: () => import('../commands/init.js'),
  'init-shared': () => import('../commands/init-shared.js'),
  clean: () => import('../commands/clean.js'),
  list: () => import('../commands/list.js'),
  ports: () => import('../commands/ports.js'),
  url: () => import('../commands/url.js'),
  create: () => import('../commands/create.js'),
  up: () => import('../commands/up.js'),
  down: () => import('../commands/down.js'),
  destroy: () => import('../commands/destroy.js'),
  status: () => import('../commands/status.js'),
  logs: () => import('../commands/logs.js'),
  shell: () => import('../commands/shell.js'),
  doctor: () => import('../commands/doctor.js'),
  completion: () => import('../commands/completion.js'),
  complete: () => import('../commands/complete.js'),
};
