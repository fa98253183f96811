import { createSandbox } from '../app/create.js';
import type { CommandHandler } from '../cli/context.js';
import { apiUrl } from '../core/ports.js';

export const run: CommandHandler = async (args, ctx) => {
  const o = args.options as { branch?: string; slot?: string };
  const result = await createSandbox({
    cwd: ctx.cwd,
    env: ctx.env,
    name: args.positionals[0]!,
    ...(o.branch !== undefined ? { branch: o.branch } : {}),
    ...(o.slot !== undefined ? { slot: o.slot } : {}),
    warn: (m) => ctx.stderr.write(`berth: warning: ${m}\n`),
  });
  const { instance, project } = result;
  const url = apiUrl(project.config, instance.slot);
  return {
    text: [
      `created ${instance.path} on ${result.branchCreated ? 'new ' : ''}branch ${result.branch}`,
      `registered ${instance.instance_id} (sandbox) on slot ${instance.slot}`,
      `  API   ${url}`,
      `next: cd ${instance.path} && berth sandbox up`,
    ].join('\n'),
    json: { id: instance.instance_id, slot: instance.slot, path: instance.path, branch: result.branch, url },
  };
};
