import { destroy } from '../app/destroy.js';
import { currentInstance } from '../app/instance.js';
import type { CommandHandler } from '../cli/context.js';
import type { Flavor } from '../core/registry.js';

export const run: CommandHandler = async (args, ctx, def) => {
  const flavor = (def.data?.flavor ?? 'sandbox') as Flavor;
  const o = args.options as { force?: boolean; 'keep-worktree'?: boolean };
  const ic = await currentInstance(ctx.cwd, ctx.env, flavor);
  const prompt = ctx.prompt;
  const result = await destroy(ic, ctx.env, {
    force: o.force === true,
    keepWorktree: o['keep-worktree'] === true,
    ...(ctx.interactive && prompt
      ? { confirm: async (q: string) => /^y(es)?$/i.test((await prompt(q)).trim()) }
      : {}),
  });
  const lines = [`destroyed ${result.id}: containers and volumes removed, slot ${ic.instance.slot} is free`];
  if (result.removedWorktree) lines.push(`removed the worktree ${result.removedWorktree}`);
  if (result.kept)
    lines.push(`kept the checkout ${result.kept}${result.keptBecause ? ` (${result.keptBecause})` : ''}`);
  return {
    text: lines.join('\n'),
    json: {
      id: result.id,
      flavor,
      slot: ic.instance.slot,
      removed_worktree: result.removedWorktree ?? null,
      kept: result.kept ?? null,
    },
  };
};
