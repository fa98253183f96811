import type { CommandModule } from './context.js';

/**
 * Implementation modules, each imported only when its command runs. The
 * build turns every one of these into its own file next to the CLI bundle.
 */
export const loaders: Record<string, () => Promise<CommandModule>> = {
  'not-implemented': () => import('../commands/not-implemented.js'),
};
