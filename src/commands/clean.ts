import { existsSync } from 'node:fs';
import { openProject } from '../app/project.js';
import type { CommandHandler } from '../cli/context.js';
import { staleEntries, withoutEntries } from '../core/registry.js';
import { readRegistry, updateRegistry } from '../infra/registry-store.js';

/**
 * The registry half of `clean`: drops entries whose directory is gone. (The
 * containers and volumes of orphaned compose projects come with the lifecycle.)
 */
export const run: CommandHandler = async (args, ctx) => {
  const project = openProject(ctx.cwd, ctx.env);
  const dryRun = args.options['dry-run'] === true;
  const gone = dryRun
    ? staleEntries(readRegistry(project.registryFile), existsSync)
    : await updateRegistry(
        project.registryFile,
        (registry) => {
          const stale = staleEntries(registry, existsSync);
          return stale.length
            ? { registry: withoutEntries(registry, stale), result: stale }
            : { result: stale };
        },
        { onBreak: (m) => ctx.stderr.write(`berth: warning: ${m}\n`) },
      );
  const verb = dryRun ? 'would drop' : 'dropped';
  const text = gone.length
    ? gone.map((i) => `${verb} ${i.instance_id} (slot ${i.slot}): ${i.path} is gone`).join('\n')
    : 'no stale registry entries';
  return {
    text,
    json: { dry_run: dryRun, dropped: gone.map((i) => ({ id: i.instance_id, slot: i.slot, path: i.path })) },
  };
};
