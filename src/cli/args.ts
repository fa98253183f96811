import { parseArgs } from 'node:util';
import { closest } from '../core/suggest.js';
import { usageError } from '../errors.js';
import type { CommandDef } from './commands.js';
import type { ParsedArgs } from './context.js';

/** Parses the arguments after a command's path against its definition. */
export function parseCommandArgs(def: CommandDef, argv: string[]): ParsedArgs & { help: boolean } {
  const name = `berth ${def.path.join(' ')}`;
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [key, opt] of Object.entries(def.options ?? {})) {
    options[key] = opt.short ? { type: opt.type, short: opt.short } : { type: opt.type };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(describeParseError(error, argv, Object.keys(options), name), `see '${name} --help'`);
  }
  const { help, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  const positionals = parsed.positionals;
  if (!help) {
    const { min, max } = def.positionals ?? { min: 0, max: 0 };
    if (positionals.length > max) {
      const extra = positionals[max]!;
      throw usageError(
        max === 0
          ? `'${name}' takes no arguments, got '${extra}'`
          : `unexpected argument '${extra}' for '${name}'`,
        `see '${name} --help'`,
      );
    }
    if (positionals.length < min) {
      throw usageError(
        `'${name}' needs ${def.args ?? 'an argument'}`,
        `usage: ${name} ${def.args ?? ''}`.trim(),
      );
    }
  }
  return { options: values, positionals, help: help === true };
}

function describeParseError(error: unknown, argv: string[], known: string[], name: string): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? argv.find((a) => a.startsWith('-')) ?? '';
    const bare = flag.replace(/^-+/, '').split('=')[0] ?? '';
    const guess = closest(bare, known);
    return `unknown option '${flag}' for '${name}'${guess ? ` (did you mean --${guess}?)` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? 'the option';
    if (message.includes('ambiguous')) {
      return `${flag} needs a value; to give one that starts with '-', write ${flag}=VALUE`;
    }
    if (message.includes('argument missing')) return `${flag} needs a value`;
    return `${flag}: ${message.split('\n')[0]}`;
  }
  return message.split('\n')[0] ?? message;
}
