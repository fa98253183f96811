import { openProject } from '../app/project.js';
import type { CommandHandler } from '../cli/context.js';
import { allInstances, findById, staleEntries, withoutEntries } from '../core/registry.js';
import { isInstanceOf } from '../core/slug.js';
import { directoryExists } from '../infra/checkout.js';
import { composeProjectNames, removeComposeProject } from '../infra/engine.js';
import { readRegistry, updateRegistry } from '../infra/registry-store.js';

/**
 * `clean` (SPEC §3): first drop registry entries whose directory is gone,
 * then remove, with their volumes, the compose projects of this project that
 * no remaining entry owns.
 */
export const run: CommandHandler = async (args, ctx) => {
  const project = await openProject(ctx.cwd, ctx.env);
  const dryRun = args.options['dry-run'] === true;
  const warn = (m: string) => ctx.stderr.write(`berth: warning: ${m}\n`);
  let remaining = readRegistry(project.registryFile);
  const gone = dryRun
    ? staleEntries(remaining, directoryExists)
    : await updateRegistry(
        project.registryFile,
        (registry) => {
          const stale = staleEntries(registry, directoryExists);
          remaining = withoutEntries(registry, stale);
          return stale.length ? { registry: remaining, result: stale } : { result: stale };
        },
        { onBreak: warn },
      );
  if (dryRun) remaining = withoutEntries(remaining, gone);

  const owned = new Set(allInstances(remaining).map((i) => i.instance_id));
  const name = project.config.project;
  const names = await composeProjectNames();
  if (names === undefined) warn('the Docker engine cannot be reached; only the registry was cleaned');
  const candidates = (names ?? []).filter((n) => isInstanceOf(n, name) && !owned.has(n));
  const orphans: string[] = [];
  for (const orphan of candidates) {
    if (dryRun) {
      orphans.push(orphan);
      continue;
    }
    // Under the lock, so that an init of this very id cannot land between
    // the check and the removal (its new containers would go with it).
    const removed = await updateRegistry(
      project.registryFile,
      async (registry) => {
        if (findById(registry, orphan)) return { result: false };
        await removeComposeProject(orphan);
        return { result: true };
      },
      { onBreak: warn },
    );
    if (removed) orphans.push(orphan);
  }

  const verb = dryRun ? 'would drop' : 'dropped';
  const lines = gone.map((i) => `${verb} ${i.instance_id} (slot ${i.slot}): ${i.path} is gone`);
  lines.push(
    ...orphans.map(
      (o) =>
        `${dryRun ? 'would remove' : 'removed'} compose project ${o} (containers, networks, volumes): no instance owns it`,
    ),
  );
  return {
    text: lines.length ? lines.join('\n') : 'nothing to clean',
    json: {
      dry_run: dryRun,
      dropped: gone.map((i) => ({ id: i.instance_id, slot: i.slot, path: i.path })),
      removed_projects: orphans,
    },
  };
};
