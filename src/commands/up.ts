import { currentInstance } from '../app/instance.js';
import { up } from '../app/lifecycle.js';
import type { CommandHandler } from '../cli/context.js';
import { apiUrl } from '../core/ports.js';
import type { Flavor } from '../core/registry.js';
import { usageError } from '../errors.js';

export const run: CommandHandler = async (args, ctx, def) => {
  const flavor = (def.data?.flavor ?? 'sandbox') as Flavor;
  const o = args.options as {
    build?: boolean;
    'no-wait'?: boolean;
    timeout?: string;
    'no-secrets'?: boolean;
  };
  let timeoutSeconds: number | undefined;
  if (o.timeout !== undefined) {
    timeoutSeconds = Number(o.timeout);
    if (!/^\d+$/.test(o.timeout) || timeoutSeconds < 1)
      throw usageError(`--timeout '${o.timeout}' is not a number of seconds`, 'e.g. --timeout 300');
  }
  const ic = currentInstance(ctx.cwd, ctx.env, flavor);
  const result = await up(
    ic,
    ctx.env,
    { build: o.build === true, wait: o['no-wait'] !== true, ...(timeoutSeconds ? { timeoutSeconds } : {}) },
    {
      info: (m) => ctx.stderr.write(`${m}\n`),
      warn: (m) => ctx.stderr.write(`berth: warning: ${m}\n`),
      // Compose's progress is for a person watching; elsewhere only its errors matter.
      ...(ctx.stderr.isTTY ? { relay: (c: string) => ctx.stderr.write(c) } : {}),
      ...(ctx.onInterrupt ? { onInterrupt: ctx.onInterrupt } : {}),
    },
  );
  const url = apiUrl(ic.config, ic.instance.slot);
  const lines = [
    result.gate
      ? `${ic.instance.instance_id} is up and healthy (${(result.gate.elapsedMs / 1000).toFixed(1)} s gate)`
      : `${ic.instance.instance_id} is starting (gate skipped)`,
    ...Object.entries(result.urls).map(([name, u]) => `  ${name.padEnd(12)} ${u}`),
  ];
  return {
    text: lines.join('\n'),
    json: {
      id: ic.instance.instance_id,
      flavor,
      slot: ic.instance.slot,
      url,
      urls: result.urls,
      services: result.services.map((s) => s.name),
      gate: result.gate ?? null,
    },
  };
};
