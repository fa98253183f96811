import { composeTarget, currentInstance } from '../app/instance.js';
import type { CommandHandler } from '../cli/context.js';
import type { Flavor } from '../core/registry.js';
import { BerthError } from '../errors.js';
import { composeStream } from '../infra/compose.js';

// bash where the image has it, sh otherwise; stdin passes through either way.
const SHELL = 'if command -v bash >/dev/null 2>&1; then exec bash "$@"; else exec sh "$@"; fi';

export const run: CommandHandler = async (args, ctx, def) => {
  const flavor = (def.data?.flavor ?? 'sandbox') as Flavor;
  const ic = await currentInstance(ctx.cwd, ctx.env, flavor);
  const service = args.positionals[0] ?? ic.config.shell.service;
  if (!service) {
    throw new BerthError('failed', 'no service named and no default', {
      hint: 'name one (berth sandbox shell SERVICE) or set shell.service in berth.yaml',
    });
  }
  const target = composeTarget(ic, ctx.env);
  const tty = ctx.interactive && ctx.stdout.isTTY === true;
  const code = await composeStream(
    target,
    ['exec', ...(tty ? [] : ['-T']), service, 'sh', '-c', SHELL, 'sh'],
    {
      interactive: true,
    },
  );
  return { exitCode: code };
};
