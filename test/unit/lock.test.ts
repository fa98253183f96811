import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/infra/lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function lockPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-lock-'));
  dirs.push(dir);
  return join(dir, 'instances.json.lock');
}

function deadPid(): number {
  // A process that has exited: its pid is free (and not reused this quickly).
  const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(res.stdout);
}

const ageBy = (path: string, seconds: number) => {
  const t = new Date(Date.now() - seconds * 1000);
  utimesSync(path, t, t);
};

describe('the registry lock', () => {
  it('holds {pid, hostname, acquired_at} while held and is removed on release', async () => {
    const path = lockPath();
    const lock = await acquireLock(path);
    const info = JSON.parse(readFileSync(path, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Number.isNaN(Date.parse(info.acquired_at))).toBe(false);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('waits for a live holder and gives up naming it', async () => {
    const path = lockPath();
    const held = await acquireLock(path);
    await expect(acquireLock(path, { timeoutMs: 150 })).rejects.toThrow(
      `the registry is locked by pid ${process.pid}`,
    );
    held.release();
    (await acquireLock(path, { timeoutMs: 150 })).release();
  });

  it.each([
    [
      'a dead pid',
      () => JSON.stringify({ pid: deadPid(), hostname: hostname(), acquired_at: new Date().toISOString() }),
      0,
      /no longer running/,
    ],
    [
      'a holder older than 30 s',
      () =>
        JSON.stringify({
          pid: process.pid,
          hostname: hostname(),
          acquired_at: new Date(Date.now() - 31_000).toISOString(),
        }),
      0,
      /has held it for 31 s/,
    ],
    ['an unreadable file older than 5 s', () => 'garbage', 6, /unreadable lock file 6 s old/],
  ])('breaks a stale lock of %s and says so', async (_what, content, age, said) => {
    const path = lockPath();
    writeFileSync(path, content());
    if (age) ageBy(path, age);
    const messages: string[] = [];
    const lock = await acquireLock(path, { timeoutMs: 2000, onBreak: (m) => messages.push(m) });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(said);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('does not break an unreadable lock younger than 5 s (its writer may be mid-write)', async () => {
    const path = lockPath();
    writeFileSync(path, '');
    await expect(acquireLock(path, { timeoutMs: 200 })).rejects.toThrow(/unreadable lock file/);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('lets exactly one of many waiters through at a time when they all find the same stale lock', async () => {
    const path = lockPath();
    writeFileSync(
      path,
      JSON.stringify({ pid: deadPid(), hostname: hostname(), acquired_at: new Date().toISOString() }),
    );
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const lock = await acquireLock(path, { timeoutMs: 10_000 });
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
        lock.release();
      }),
    );
    expect(maxInside).toBe(1);
  });
});

describe('a holder that lost its lock', () => {
  it('writes nothing over the registry of the writer that overtook it', async () => {
    const { updateRegistry } = await import('../../src/infra/registry-store.js');
    const { emptyRegistry } = await import('../../src/core/registry.js');
    const dir = mkdtempSync(join(tmpdir(), 'berth-lost-'));
    dirs.push(dir);
    const file = join(dir, 'instances.json');
    writeFileSync(file, JSON.stringify(emptyRegistry()));
    const before = readFileSync(file, 'utf8');
    await expect(
      updateRegistry(file, () => {
        // Judged stale while it worked: another writer broke the lock and holds a new one.
        rmSync(`${file}.lock`);
        writeFileSync(
          `${file}.lock`,
          JSON.stringify({ pid: 1, hostname: hostname(), acquired_at: new Date().toISOString() }),
        );
        return { registry: { ...emptyRegistry(), allocated_slots: [9] }, result: undefined };
      }),
    ).rejects.toThrow('lost the registry lock');
    expect(readFileSync(file, 'utf8')).toBe(before);
    // and its release leaves the other writer's lock alone
    expect(existsSync(`${file}.lock`)).toBe(true);
  });
});
