import { currentInstance } from '../app/instance.js';
import { down } from '../app/lifecycle.js';
import type { CommandHandler } from '../cli/context.js';
import type { Flavor } from '../core/registry.js';

export const run: CommandHandler = async (args, ctx, def) => {
  const flavor = (def.data?.flavor ?? 'sandbox') as Flavor;
  const ic = await currentInstance(ctx.cwd, ctx.env, flavor);
  const volumes = args.options.volumes === true;
  await down(ic, ctx.env, { volumes });
  return {
    text: `${ic.instance.instance_id} is stopped${volumes ? ' and its volumes are removed' : ''}`,
    json: { id: ic.instance.instance_id, flavor, stopped: true, volumes_removed: volumes },
  };
};
