import { initInstance } from '../app/init.js';
import type { CommandHandler } from '../cli/context.js';
import { apiUrl } from '../core/ports.js';
import type { Flavor } from '../core/registry.js';

export const run: CommandHandler = async (args, ctx, def) => {
  const flavor = (def.data?.flavor ?? 'sandbox') as Flavor;
  const { options } = args;
  const result = await initInstance({
    cwd: ctx.cwd,
    env: ctx.env,
    flavor,
    slot: options.slot as string | undefined,
    name: options.name as string | undefined,
    warn: (message) => ctx.stderr.write(`berth: warning: ${message}\n`),
  });
  const { instance, project } = result;
  const url = apiUrl(project.config, instance.slot);
  const json = {
    id: instance.instance_id,
    flavor,
    slot: instance.slot,
    path: instance.path,
    url,
    created: result.created,
  };
  const text = result.created
    ? `registered ${instance.instance_id} (${flavor}) on slot ${instance.slot}\n  API   ${url}\n  env   ${result.envFile}\nnext: berth ${flavor} up`
    : `${instance.instance_id} is already registered on slot ${instance.slot}; nothing changed`;
  return { json, text };
};
