import { getEffectiveApiUrl } from '../app/url.js';
import type { CommandHandler } from '../cli/context.js';

export const run: CommandHandler = async (args, ctx) => {
  const { url, port } = args.options as { url?: string; port?: string };
  const found = await getEffectiveApiUrl({ cwd: ctx.cwd, url, port });
  return { text: found.url, json: found };
};
