import { closeSync, fstatSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { BerthError } from '../errors.js';

/**
 * The registry lock (SPEC §4): a file created with O_EXCL holding
 * {pid, hostname, acquired_at}, removed on release. A lock whose pid is dead
 * on this host, that is older than 30 s, or that does not parse and is older
 * than 5 s, is stale and the next writer breaks it.
 *
 * Breaking is itself serialised by a second short-lived O_EXCL file: the
 * breaker re-reads the lock under it and removes it only if it is still the
 * same stale file, so two writers can never both take the lock.
 */

export const STALE_AFTER_MS = 30_000;
export const UNPARSED_STALE_AFTER_MS = 5_000;

export interface LockInfo {
  pid: number;
  hostname: string;
  acquired_at: string;
}

export interface LockOptions {
  /** How long to wait for a live holder (default 40 s: longer than a lock can stay fresh). */
  timeoutMs?: number;
  /** Told when a stale lock is broken. */
  onBreak?: (message: string) => void;
  now?: () => number;
}

export interface LockHandle {
  /** Whether the lock file is still this holder's (it is gone if a writer broke it as stale). */
  stillHeld(): boolean;
  release(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireLock(path: string, options: LockOptions = {}): Promise<LockHandle> {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? 40_000);
  let delay = 2;
  for (;;) {
    const handle = tryCreate(path, now);
    if (handle) return handle;
    const verdict = judge(path, now);
    if (verdict.stale) {
      if (breakStale(path, verdict.fingerprint, now)) {
        options.onBreak?.(`broke a stale registry lock (${verdict.reason})`);
        continue;
      }
      // another writer is breaking it: give it a moment
    } else if (now() >= deadline) {
      throw new BerthError('registry-locked', `the registry is locked by ${verdict.reason}`, {
        hint: `wait for it to finish, or if no berth is running remove ${path}`,
      });
    }
    if (now() >= deadline + STALE_AFTER_MS) {
      throw new BerthError('registry-locked', `could not take the registry lock (${verdict.reason})`, {
        hint: `if no berth is running, remove ${path}`,
      });
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
}

function tryCreate(path: string, now: () => number): LockHandle | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    acquired_at: new Date(now()).toISOString(),
  };
  // A token makes the content ours alone, even if the file's inode is reused.
  // It must be unique, not secret: pid, a high-resolution clock and a random
  // part (no crypto module to load on the path of every registry write).
  const token = `${process.hrtime.bigint().toString(36)}${Math.random().toString(36).slice(2)}`;
  const content = JSON.stringify({ ...info, token });
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  const stillHeld = () => {
    try {
      return readFileSync(path, 'utf8') === content;
    } catch {
      return false;
    }
  };
  let released = false;
  return {
    stillHeld,
    release() {
      if (released) return;
      released = true;
      // Only remove the lock if it is still ours (it could have been broken as stale).
      if (!stillHeld()) return;
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

interface Verdict {
  stale: boolean;
  reason: string;
  fingerprint: string;
}

function judge(path: string, now: () => number): Verdict {
  let text: string;
  let mtimeMs: number;
  let ino: number;
  try {
    const fd = openSync(path, 'r');
    try {
      const st = fstatSync(fd);
      mtimeMs = st.mtimeMs;
      ino = st.ino;
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { stale: false, reason: 'nobody', fingerprint: '' };
    throw error;
  }
  const fingerprint = `${ino}:${mtimeMs}:${text}`;
  const age = now() - mtimeMs;
  let info: LockInfo | undefined;
  try {
    const parsed = JSON.parse(text) as LockInfo;
    if (Number.isInteger(parsed.pid) && typeof parsed.hostname === 'string') info = parsed;
  } catch {
    // judged below
  }
  if (!info) {
    return {
      stale: age > UNPARSED_STALE_AFTER_MS,
      reason: `an unreadable lock file ${Math.round(age / 1000)} s old`,
      fingerprint,
    };
  }
  const held = Date.parse(info.acquired_at);
  const heldFor = now() - (Number.isNaN(held) ? mtimeMs : held);
  const who = `pid ${info.pid} on ${info.hostname}`;
  if (info.hostname === hostname() && !alive(info.pid)) {
    return { stale: true, reason: `${who} is no longer running`, fingerprint };
  }
  if (heldFor > STALE_AFTER_MS) {
    return { stale: true, reason: `${who} has held it for ${Math.round(heldFor / 1000)} s`, fingerprint };
  }
  return { stale: false, reason: who, fingerprint };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock if it is still the stale file that was judged; true when this call removed it. */
function breakStale(path: string, fingerprint: string, now: () => number): boolean {
  const breaker = `${path}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, 'wx');
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another writer is breaking it. A breaker holds its file for microseconds,
    // so one older than a few seconds belongs to a writer that died there.
    try {
      if (now() - statSync(breaker).mtimeMs > UNPARSED_STALE_AFTER_MS) unlinkSync(breaker);
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    const again = judge(path, now);
    if (again.stale && again.fingerprint === fingerprint) {
      unlinkSync(path);
      return true;
    }
    return false;
  } finally {
    try {
      unlinkSync(breaker);
    } catch {
      // ignore
    }
  }
}
