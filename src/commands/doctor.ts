import { runDoctor } from '../app/doctor.js';
import type { CommandHandler } from '../cli/context.js';
import { colorEnabled, paint } from '../ui/color.js';

export const run: CommandHandler = async (_args, ctx) => {
  const findings = await runDoctor(ctx.cwd, ctx.env);
  const p = paint(colorEnabled(ctx.stdout, ctx.env));
  const mark = { ok: p.green('ok   '), warn: p.yellow('warn '), error: p.red('error') };
  const lines = findings.map(
    (f) => `${mark[f.status]}  ${f.check}: ${f.detail}${f.fix ? `\n       fix: ${f.fix}` : ''}`,
  );
  const errors = findings.filter((f) => f.status === 'error').length;
  const warnings = findings.filter((f) => f.status === 'warn').length;
  lines.push(
    '',
    errors
      ? `${errors} problem(s), ${warnings} warning(s)`
      : `no problems${warnings ? `, ${warnings} warning(s)` : ''}`,
  );
  return { text: lines.join('\n'), json: { ok: errors === 0, findings }, exitCode: errors ? 1 : 0 };
};
