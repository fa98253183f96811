import { spawn } from 'node:child_process';
import { BerthError } from '../errors.js';
import { type ExecResult, execFile } from './exec.js';

/**
 * `docker compose` for one instance. Every call names the project, the
 * project directory, the files, the env file and the profiles explicitly, so
 * nothing depends on the cwd or on COMPOSE_* variables of the caller.
 */
export interface ComposeTarget {
  project: string;
  dir: string;
  files: string[];
  envFile: string;
  profiles: string[];
  /** The whole environment of the compose process. */
  env: NodeJS.ProcessEnv;
}

export function composeArgs(t: ComposeTarget, args: readonly string[]): string[] {
  return [
    'compose',
    '-p',
    t.project,
    '--project-directory',
    t.dir,
    ...t.files.flatMap((f) => ['-f', f]),
    '--env-file',
    t.envFile,
    ...t.profiles.flatMap((p) => ['--profile', p]),
    ...args,
  ];
}

export function composeCapture(
  t: ComposeTarget,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<ExecResult> {
  return execFile('docker', composeArgs(t, args), { cwd: t.dir, env: t.env, timeoutMs });
}

/** The resolved compose model (without secrets in its environment: its output echoes values). */
export async function composeConfig(t: ComposeTarget): Promise<unknown> {
  const res = await composeCapture(t, ['config', '--format', 'json']);
  if (res.code !== 0) {
    throw new BerthError('docker', `docker compose config failed: ${lastLines(res.stderr, 3)}`, {
      hint: 'fix the compose file (docker compose config shows the problem)',
    });
  }
  return JSON.parse(res.stdout);
}

export interface StreamOptions {
  /** Where the child's stdout and stderr go (default: inherited). */
  stdout?: (chunk: string) => void;
  stderr?: (chunk: string) => void;
  /** Interactive: share the terminal (stdin too) and the foreground process group. */
  interactive?: boolean;
  onInterrupt?: (fn: () => void) => () => void;
}

/**
 * Runs compose and streams its output. Non-interactive children run in their
 * own process group, and an interrupt stops the whole group.
 */
export function composeStream(
  t: ComposeTarget,
  args: readonly string[],
  options: StreamOptions = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const piped = !options.interactive && (options.stdout || options.stderr);
    const child = spawn('docker', composeArgs(t, args), {
      cwd: t.dir,
      env: t.env,
      stdio: options.interactive
        ? 'inherit'
        : ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
      detached: !options.interactive,
    });
    if (piped) {
      child.stdout?.setEncoding('utf8').on('data', (d: string) => (options.stdout ?? options.stderr)?.(d));
      child.stderr?.setEncoding('utf8').on('data', (d: string) => options.stderr?.(d));
    }
    const unsubscribe = options.onInterrupt?.(() => {
      if (options.interactive || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // already gone
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }, 10_000).unref();
    });
    child.on('error', (error) => {
      unsubscribe?.();
      reject(error);
    });
    child.on('close', (code, signal) => {
      unsubscribe?.();
      resolve(code ?? (signal === 'SIGINT' ? 130 : 128));
    });
  });
}

export function lastLines(text: string, n: number): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-n).join(' | ') || 'no output';
}
