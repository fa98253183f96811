import type { ApiContainer, PendingGet } from '../infra/docker-api.js';

/** What every command gets from the process around it; tests build their own. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Whether a person can answer a prompt (stdin is a terminal). */
  interactive: boolean;
  /** Reads one line from the terminal; only called when `interactive`. */
  prompt?: (question: string) => Promise<string>;
  /**
   * Registers what to do on Ctrl-C while a long command runs (stop a child
   * process group); returns the unsubscribe. Without a handler, Ctrl-C exits.
   */
  onInterrupt?: (fn: () => void) => () => void;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  options: OptionValues;
  positionals: string[];
}

/** What a handler returns; only `main` writes it out. */
export interface CommandResult {
  /** The document printed with `--json` (and the library's return value). */
  json?: unknown;
  /** Human output for stdout. */
  text?: string;
  exitCode?: number;
}

export type CommandHandler = (
  args: ParsedArgs,
  ctx: CommandContext,
  def: {
    path: readonly string[];
    data?: Readonly<Record<string, string>>;
    /** The engine query main started for a command with `prefetch: 'containers'`. */
    containers?: PendingGet<ApiContainer[]>;
  },
) => Promise<CommandResult | undefined>;

export interface CommandModule {
  run: CommandHandler;
}
