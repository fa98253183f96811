import { findEnvFile, readEnvFile } from '../app/env-sandbox.js';
import { openProject } from '../app/project.js';
import type { CommandHandler } from '../cli/context.js';
import { parseSlot, portsForSlot } from '../core/ports.js';
import { usageError } from '../errors.js';
import { renderTable } from '../ui/table.js';

export const run: CommandHandler = async (args, ctx) => {
  const { config } = await openProject(ctx.cwd, ctx.env);
  let slot: number;
  const given = args.positionals[0];
  if (given !== undefined) {
    slot = parseSlot(given, config, { allowZero: true });
  } else {
    const envFile = findEnvFile(ctx.cwd);
    if (!envFile) {
      throw usageError(
        'not inside an instance (no .env.sandbox here or above)',
        `name a slot: berth ports 0..${config.slots}`,
      );
    }
    slot = parseSlot(readEnvFile(envFile).get('SLOT_NUMBER') ?? '', config, { allowZero: true });
  }
  const ports = portsForSlot(config.ports, slot);
  return {
    json: { slot, ports: Object.fromEntries(ports.map((p) => [p.env, p.port])) },
    text: `slot ${slot}\n${renderTable(
      ['NAME', 'VARIABLE', 'PORT'],
      ports.map((p) => [p.count > 1 ? `${p.name} ${p.index}` : p.name, p.env, String(p.port)]),
    )}`,
  };
};
