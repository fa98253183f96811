import { existsSync } from 'node:fs';
import { openProject } from '../app/project.js';
import type { CommandHandler } from '../cli/context.js';
import { apiUrl } from '../core/ports.js';
import { allInstances } from '../core/registry.js';
import { deriveStatus, formatStatus } from '../core/status.js';
import { listComposeContainers } from '../infra/containers.js';
import { readRegistry } from '../infra/registry-store.js';
import { renderTable } from '../ui/table.js';

export const run: CommandHandler = async (_args, ctx, def) => {
  const project = await openProject(ctx.cwd, ctx.env);
  const instances = allInstances(readRegistry(project.registryFile));
  const containers = instances.length ? await listComposeContainers(undefined, ctx.env, def.containers) : [];
  if (containers === undefined) {
    ctx.stderr.write('berth: warning: the Docker engine cannot be reached; status is unknown\n');
  }
  const rows = instances.map((i) => {
    const summary = deriveStatus(
      (containers ?? []).filter((c) => c.project === i.instance_id),
      {
        ...(Array.isArray(i.services) ? { expected: i.services as string[] } : {}),
        directoryExists: existsSync(i.path),
        engineReachable: containers !== undefined,
      },
    );
    return { instance: i, summary, url: apiUrl(project.config, i.slot) };
  });
  const json = {
    instances: rows.map(({ instance: i, summary, url }) => ({
      id: i.instance_id,
      flavor: i.flavor,
      slot: i.slot,
      path: i.path,
      status: summary.status,
      ...(summary.status === 'partial' ? { running: summary.running, total: summary.total } : {}),
      url,
    })),
  };
  const text =
    rows.length === 0
      ? `no instances of ${project.config.project} yet; register one with 'berth sandbox init'`
      : renderTable(
          ['ID', 'FLAVOR', 'SLOT', 'STATUS', 'URL', 'PATH'],
          rows.map(({ instance: i, summary, url }) => [
            i.instance_id,
            i.flavor,
            String(i.slot),
            formatStatus(summary),
            url,
            i.path,
          ]),
        );
  return { json, text };
};
