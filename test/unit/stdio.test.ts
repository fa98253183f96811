import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fdOutput } from '../../src/cli/stdio.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/** A real pipe whose descriptor is non-blocking, as a parent may leave stdout. */
function nonBlockingPipe(): number {
  const dir = mkdtempSync(join(tmpdir(), 'berth-stdio-'));
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  // Opened for reading and writing, a FIFO opens at once on Linux.
  const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
  cleanup.push(() => {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });
  return fd;
}

function drain(fd: number): Buffer {
  const parts: Buffer[] = [];
  const buf = Buffer.alloc(65536);
  for (;;) {
    try {
      const n = readSync(fd, buf);
      if (n === 0) break;
      parts.push(Buffer.from(buf.subarray(0, n)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
      throw error;
    }
  }
  return Buffer.concat(parts);
}

describe('CLI output on a file descriptor', () => {
  it('writes straight to the descriptor while it takes the data', () => {
    const fd = nonBlockingPipe();
    let streams = 0;
    const out = fdOutput(
      fd,
      () => {
        streams++;
        return process.stdout;
      },
      () => {},
    );
    out.write('héllo\n');
    out.write('world\n');
    expect(drain(fd).toString()).toBe('héllo\nworld\n');
    expect(streams).toBe(0);
  });

  it('hands the rest, in order, to the stream once a full pipe says EAGAIN', () => {
    const fd = nonBlockingPipe();
    const handed: string[] = [];
    let streams = 0;
    const stream = {
      write(chunk: string | Uint8Array) {
        handed.push(Buffer.from(chunk).toString());
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const out = fdOutput(
      fd,
      () => {
        streams++;
        return stream;
      },
      () => {},
    );
    const big = `${'x'.repeat(300_000)}END`;
    out.write(big);
    out.write('after\n');
    const direct = drain(fd).toString();
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.length).toBeLessThan(big.length);
    expect(direct + handed.join('')).toBe(`${big}after\n`);
    expect(handed).toHaveLength(2);
    expect(streams).toBe(1);
  });
});
