import { composeTarget, currentInstance } from '../app/instance.js';
import type { CommandHandler } from '../cli/context.js';
import type { Flavor } from '../core/registry.js';
import { usageError } from '../errors.js';
import { composeStream } from '../infra/compose.js';

export const run: CommandHandler = async (args, ctx, def) => {
  const flavor = (def.data?.flavor ?? 'sandbox') as Flavor;
  const { follow, tail = '100' } = args.options as { follow?: boolean; tail?: string };
  if (!/^\d+$/.test(tail) && tail !== 'all')
    throw usageError(`--tail '${tail}' is not a number of lines`, 'e.g. --tail 200, or --tail all');
  const ic = await currentInstance(ctx.cwd, ctx.env, flavor);
  const target = composeTarget(ic, ctx.env);
  const service = args.positionals[0];
  const code = await composeStream(
    target,
    ['logs', '--tail', tail, ...(follow ? ['--follow'] : []), ...(service ? [service] : [])],
    {
      // Compose 2.2x writes an erase-line escape before every log line, even into a pipe.
      stdout: (c) => ctx.stdout.write(c.replaceAll('\x1b[2K', '')),
      stderr: (c) => ctx.stderr.write(c),
      ...(ctx.onInterrupt ? { onInterrupt: ctx.onInterrupt } : {}),
    },
  );
  // Ctrl-C ends a --follow: that is how it is meant to stop.
  return { exitCode: code === 130 ? 130 : code === 0 ? 0 : 1 };
};
