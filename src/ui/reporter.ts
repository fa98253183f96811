import type { Reporter } from '../app/lifecycle.js';
import type { CommandContext } from '../cli/context.js';
import { usageError } from '../errors.js';
import { colorEnabled } from '../ui/color.js';
import { createGateView } from '../ui/gate-view.js';

/** `--timeout S`, validated. */
export function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1)
    throw usageError(`--timeout '${text}' is not a number of seconds`, 'e.g. --timeout 300');
  return n;
}

/** Progress on stderr: live lines on a terminal, plain lines elsewhere. */
export function reporterFor(ctx: CommandContext): Reporter {
  const tty = ctx.stderr.isTTY === true && ctx.env.TERM !== 'dumb';
  return {
    info: (m) => ctx.stderr.write(`${m}\n`),
    warn: (m) => ctx.stderr.write(`berth: warning: ${m}\n`),
    gate: createGateView(ctx.stderr, { tty, color: colorEnabled(ctx.stderr, ctx.env) }),
    // Compose's progress is for a person watching; elsewhere only its errors matter.
    ...(tty ? { relay: (c: string) => ctx.stderr.write(c) } : {}),
    ...(ctx.onInterrupt ? { onInterrupt: ctx.onInterrupt } : {}),
  };
}
