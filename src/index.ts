/**
 * berth as a library. The CLI is a thin layer over these functions.
 */

export type { ErrorCode } from './errors.js';
export { BerthError, ExitCode } from './errors.js';
