import type { GateResult } from '../app/gate.js';
import { composeTarget, currentInstance } from '../app/instance.js';
import { instanceStatus, instanceUrls, resolveServices, runInstanceGate } from '../app/lifecycle.js';
import { sharedDataSummary } from '../app/shared.js';
import type { CommandHandler } from '../cli/context.js';
import { apiUrl, portEnv } from '../core/ports.js';
import type { Flavor } from '../core/registry.js';
import { formatStatus } from '../core/status.js';
import { ExitCode, isBerthError } from '../errors.js';
import { parseTimeout, reporterFor } from '../ui/reporter.js';
import { renderTable } from '../ui/table.js';

export const run: CommandHandler = async (args, ctx, def) => {
  const flavor = (def.data?.flavor ?? 'sandbox') as Flavor;
  const o = args.options as { check?: boolean; timeout?: string };
  const timeoutSeconds = parseTimeout(o.timeout);
  const ic = await currentInstance(ctx.cwd, ctx.env, flavor, args.positionals[0]);
  let gate: GateResult | undefined;
  let gateError: unknown;
  if (o.check) {
    const target = composeTarget(ic, ctx.env);
    const composeServices = await resolveServices(target);
    try {
      gate = await runInstanceGate(ic, target, composeServices, {
        timeoutSeconds: timeoutSeconds ?? ic.config.gate.timeout,
        report: reporterFor(ctx),
      });
    } catch (error) {
      if (!isBerthError(error) || error.code !== 'gate') throw error;
      gateError = error;
      gate = error.data as GateResult;
    }
  }
  const { summary, services } = await instanceStatus(ic, ctx.env);
  if (summary.status === 'unknown')
    ctx.stderr.write('berth: warning: the Docker engine cannot be reached; status is unknown\n');
  const { instance, config } = ic;
  const urls = instanceUrls(ic);
  const shared = sharedDataSummary(config, ic.project.home);
  const json = {
    id: instance.instance_id,
    flavor: instance.flavor,
    slot: instance.slot,
    path: instance.path,
    status: summary.status,
    url: apiUrl(config, instance.slot),
    ports: portEnv(config.ports, instance.slot),
    urls,
    services,
    shared,
    ...(gate ? { gate } : {}),
  };
  const text = [
    `${instance.instance_id} (${instance.flavor}, slot ${instance.slot}): ${formatStatus(summary)}`,
    `path  ${instance.path}`,
    '',
    renderTable(
      ['SERVICE', 'STATE', 'HEALTH'],
      services.map((s) => [s.name, s.state, s.health || '-']),
    ).trimEnd(),
    '',
    renderTable(
      ['PORT', 'URL'],
      Object.entries(urls).map(([n, u]) => [n, u]),
    ).trimEnd(),
    '',
    shared.length
      ? `shared data:\n${shared.map((d) => `  ${d.dir.padEnd(12)} ${d.files} file(s)  ${d.path}${d.exists ? '' : ' (missing: berth sandbox init-shared)'}`).join('\n')}`
      : 'shared data: none configured',
  ];
  if (gateError && !args.options.json) throw gateError;
  return { json, text: text.join('\n'), ...(gateError ? { exitCode: ExitCode.gate } : {}) };
};
