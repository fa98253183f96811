/**
 * One error base for everything berth reports to a user. A BerthError is an
 * expected failure: it prints as one line (message, then what to do) and maps
 * to an exit code. Anything else that escapes is a bug: it prints a stack.
 */

export const ExitCode = {
  ok: 0,
  failed: 1,
  /** `up`: the gate failed; `init`: the cwd is not a checkout of the project. */
  gate: 2,
  notCheckout: 2,
  portConflict: 3,
  usage: 64,
} as const;

export type ErrorCode =
  | 'usage'
  | 'config'
  | 'not-checkout'
  | 'not-instance'
  | 'port-conflict'
  | 'slots-exhausted'
  | 'registry-corrupt'
  | 'registry-locked'
  | 'already-registered'
  | 'conflict'
  | 'env-file'
  | 'not-found'
  | 'refused'
  | 'docker'
  | 'gate'
  | 'failed';

// Each command bundle carries its own copy of this class, so `instanceof`
// cannot be trusted across bundles; a registered symbol brand can.
const brand = Symbol.for('berth.error');

export class BerthError extends Error {
  readonly [brand] = true;
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly data: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { exitCode?: number; hint?: string; data?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BerthError';
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.failed;
    this.hint = options.hint;
    this.data = options.data;
  }
}

export function usageError(message: string, hint?: string): BerthError {
  return new BerthError('usage', message, { exitCode: ExitCode.usage, hint });
}

export function configError(message: string, hint?: string): BerthError {
  return new BerthError('config', message, { exitCode: ExitCode.usage, hint });
}

export function isBerthError(error: unknown): error is BerthError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[brand] === true;
}

/** The one line a user sees for an expected failure. */
export function formatError(error: BerthError): string {
  return error.hint ? `${error.message}; ${error.hint}` : error.message;
}
