import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { emptyRegistry, type Registry, repairHint, validateRegistry } from '../core/registry.js';
import { BerthError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { acquireLock, type LockOptions } from './lock.js';

/**
 * The registry file: read without a lock (a reader always sees a whole file,
 * thanks to the atomic replace), changed only under the lock, around the whole
 * read-modify-write.
 */

export function readRegistry(file: string): Registry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return emptyRegistry();
    if (code === 'EISDIR') {
      throw new BerthError(
        'registry-corrupt',
        `registry ${file} is a directory, not a file; berth changed nothing`,
        {
          hint: repairHint(file),
        },
      );
    }
    throw error;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new BerthError(
      'registry-corrupt',
      `registry ${file} does not parse (${(error as Error).message}); berth changed nothing`,
      { hint: repairHint(file) },
    );
  }
  return validateRegistry(doc, file);
}

export interface UpdateOptions extends LockOptions {}

/**
 * Runs `change` on the current registry under the lock. When it returns a
 * registry, that is written atomically before the lock is released.
 */
export async function updateRegistry<T>(
  file: string,
  change: (
    registry: Registry,
  ) => Promise<{ registry?: Registry; result: T }> | { registry?: Registry; result: T },
  options: UpdateOptions = {},
): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const lock = await acquireLock(`${file}.lock`, {
    // Breaking a stale lock is always said (SPEC §4), whoever the caller is.
    onBreak: (message) => process.stderr.write(`berth: warning: ${message}\n`),
    ...options,
  });
  try {
    const current = readRegistry(file);
    const { registry, result } = await change(current);
    if (registry) {
      // A holder that took longer than a lock stays fresh may have been
      // judged stale and overtaken: then what it read is old, and it must
      // not write over the newer registry.
      if (!lock.stillHeld()) {
        throw new BerthError(
          'registry-locked',
          `lost the registry lock of ${file} while working; nothing was written`,
          {
            hint: 'run the command again',
          },
        );
      }
      writeFileAtomic(file, `${JSON.stringify(registry, null, 2)}\n`);
    }
    return result;
  } finally {
    lock.release();
  }
}
