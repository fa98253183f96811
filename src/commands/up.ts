import { currentInstance } from '../app/instance.js';
import { up } from '../app/lifecycle.js';
import type { CommandHandler } from '../cli/context.js';
import { apiUrl } from '../core/ports.js';
import type { Flavor } from '../core/registry.js';
import { formatError, isBerthError } from '../errors.js';
import { parseTimeout, reporterFor } from '../ui/reporter.js';

export const run: CommandHandler = async (args, ctx, def) => {
  const flavor = (def.data?.flavor ?? 'sandbox') as Flavor;
  const o = args.options as {
    build?: boolean;
    'no-wait'?: boolean;
    timeout?: string;
    'no-secrets'?: boolean;
  };
  const timeoutSeconds = parseTimeout(o.timeout);
  const ic = await currentInstance(ctx.cwd, ctx.env, flavor);
  const url = apiUrl(ic.config, ic.instance.slot);
  let result: Awaited<ReturnType<typeof up>>;
  try {
    result = await up(
      ic,
      ctx.env,
      {
        build: o.build === true,
        wait: o['no-wait'] !== true,
        noSecrets: o['no-secrets'] === true,
        ...(timeoutSeconds ? { timeoutSeconds } : {}),
      },
      reporterFor(ctx),
    );
  } catch (error) {
    // With --json a failed gate is still one result document (and exit 2).
    if (args.options.json && isBerthError(error) && error.code === 'gate') {
      ctx.stderr.write(`berth: ${formatError(error)}\n`);
      const json = { id: ic.instance.instance_id, flavor, slot: ic.instance.slot, url, gate: error.data };
      return { json, exitCode: error.exitCode };
    }
    throw error;
  }
  const lines = [
    result.gate
      ? `${ic.instance.instance_id} is up and healthy (gate passed in ${(result.gate.elapsedMs / 1000).toFixed(1)} s)`
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
