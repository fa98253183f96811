import { closest } from '../core/suggest.js';
import { BerthError, ExitCode, formatError, isBerthError, usageError } from '../errors.js';
import { startContainerQuery } from '../infra/containers.js';
import { parseCommandArgs } from './args.js';
import { type CommandDef, commands, groups } from './commands.js';
import type { CommandContext, CommandResult } from './context.js';
import { commandHelp, groupHelp, topHelp } from './help.js';
import { loaders } from './loaders.js';

/** Baked in from package.json by the build (and by the test config). */
declare const BERTH_VERSION: string;

export function version(): string {
  return BERTH_VERSION;
}

/** Finds the command named by the leading words of argv. */
function resolve(argv: string[]): { def?: CommandDef; rest: string[]; group?: string } {
  const [first, second] = argv;
  const single = commands.find((c) => c.path.length === 1 && c.path[0] === first);
  if (single) return { def: single, rest: argv.slice(1) };
  if (first && groups.some((g) => g.name === first)) {
    const def = commands.find((c) => c.path[0] === first && c.path[1] === second);
    if (def) return { def, rest: argv.slice(2) };
    return { group: first, rest: argv.slice(1) };
  }
  return { rest: argv };
}

export async function runCli(argv: string[], ctx: CommandContext): Promise<number> {
  try {
    return await dispatch(argv, ctx);
  } catch (error) {
    return reportError(error, ctx);
  }
}

async function dispatch(argv: string[], ctx: CommandContext): Promise<number> {
  const [first] = argv;
  if (first === '--version' || first === '-V') {
    ctx.stdout.write(`${version()}\n`);
    return ExitCode.ok;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? argv.slice(1) : [];
    if (topic.length > 0) return dispatch([...topic, '--help'], ctx);
    ctx.stdout.write(topHelp(version()));
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === '__complete') {
    // Hidden: what the completion scripts call. Everything after it is a word, not a flag.
    const mod = await loaders.complete!();
    const result = await mod.run({ options: {}, positionals: argv.slice(1) }, ctx, { path: ['__complete'] });
    return render(result, false, ctx);
  }
  const { def, rest, group } = resolve(argv);
  if (!def && group) {
    const sub = rest[0];
    if (sub === undefined || sub === '--help' || sub === '-h') {
      ctx.stdout.write(groupHelp(group));
      return sub === undefined ? ExitCode.usage : ExitCode.ok;
    }
    const names = commands.filter((c) => c.path[0] === group).map((c) => c.path[1]!);
    const guess = closest(sub, names);
    throw usageError(
      `unknown command 'berth ${group} ${sub}'${guess ? ` (did you mean 'berth ${group} ${guess}'?)` : ''}`,
      `see 'berth ${group} --help'`,
    );
  }
  if (!def) {
    const names = [
      ...groups.map((g) => g.name),
      ...commands.filter((c) => c.path.length === 1).map((c) => c.path[0]!),
    ];
    const bare = first.replace(/^-+/, '');
    const guess = closest(bare, [...names, 'version']);
    const shown = guess === 'version' ? '--version' : guess;
    throw usageError(
      `unknown ${first.startsWith('-') ? 'option' : 'command'} '${first}'${shown ? ` (did you mean '${shown}'?)` : ''}`,
      "see 'berth --help'",
    );
  }
  const args = parseCommandArgs(def, rest);
  if (args.help) {
    ctx.stdout.write(commandHelp(def));
    return ExitCode.ok;
  }
  const load = loaders[def.module];
  if (!load) throw new Error(`no loader for module '${def.module}'`);
  const containers = def.prefetch === 'containers' ? startContainerQuery(undefined, ctx.env) : undefined;
  try {
    const mod = await load();
    const result = await mod.run(args, ctx, { path: def.path, data: def.data, containers });
    return render(result, args.options.json === true, ctx);
  } finally {
    containers?.cancel(); // a query the command did not wait for
  }
}

function render(result: CommandResult | undefined, asJson: boolean, ctx: CommandContext): number {
  if (!result) return ExitCode.ok;
  if (asJson && result.json !== undefined) ctx.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
  else if (result.text) ctx.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
  return result.exitCode ?? ExitCode.ok;
}

function reportError(error: unknown, ctx: CommandContext): number {
  const debug = ctx.env.BERTH_DEBUG === '1';
  if (isBerthError(error)) {
    ctx.stderr.write(`berth: ${formatError(error)}\n`);
    if (debug && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(
    `berth: internal error: ${message.split('\n')[0]}; this is a bug in berth, please report it (rerun with BERTH_DEBUG=1 for details)\n`,
  );
  if (debug && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  return ExitCode.failed;
}

export { BerthError };
