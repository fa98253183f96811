import { writeSync } from 'node:fs';
import type { OutputStream } from './context.js';

/**
 * stdout and stderr for the CLI, written straight to their file descriptors.
 *
 * Touching `process.stdout` builds node's stream machinery (a dozen internal
 * modules, several milliseconds of a cold start) only to write a few lines.
 * On Linux node writes stdio files, pipes and terminals synchronously anyway,
 * so a synchronous write to the descriptor gives the same output in the same
 * order. Should the descriptor be non-blocking and full (EAGAIN), the rest
 * goes through node's stream from then on, which waits for room.
 */
export function fdOutput(
  fd: number,
  stream: () => NodeJS.WriteStream,
  onBrokenPipe: () => void,
): OutputStream {
  let fallback: NodeJS.WriteStream | undefined;
  return {
    write(chunk: string) {
      if (fallback) return fallback.write(chunk);
      const data = Buffer.from(chunk);
      let offset = 0;
      while (offset < data.length) {
        try {
          offset += writeSync(fd, data, offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') {
            fallback = stream();
            return fallback.write(data.subarray(offset));
          }
          if (code === 'EPIPE') {
            onBrokenPipe();
            return false;
          }
          throw error;
        }
      }
      return true;
    },
    get isTTY() {
      return stream().isTTY === true;
    },
  };
}
