import { runCli } from '../../src/cli/main.js';
import { execFile } from '../../src/infra/exec.js';
import { berthBin } from './paths.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  /** The whole environment (default: testEnv()). */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
}

/** The environment berth sees in tests: the machine's, minus anything that would leak a real home. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.BERTH_HOME;
  delete env.BERTH_DEBUG;
  return { ...env, ...extra };
}

/** Runs the built CLI as a real process. */
export function runBerth(args: string[], options: RunOptions): Promise<RunResult> {
  return execFile(process.execPath, [berthBin, ...args], {
    cwd: options.cwd,
    env: options.env ?? testEnv(),
    timeoutMs: options.timeoutMs ?? 120_000,
    input: options.input ?? '',
  });
}

/** Runs a command in this process with captured streams (the middle test tier). */
export async function runInProcess(args: string[], options: RunOptions): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: options.cwd,
    env: options.env ?? testEnv(),
    stdout: {
      write: (s: string) => {
        stdout += s;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
      },
    },
    interactive: false,
  });
  return { code, stdout, stderr };
}
