import { execFile } from './exec.js';

/**
 * The 1Password CLI (`op`). Secret values come back on stdout and stay in
 * memory: never in argv (only item names and op:// references are), never
 * in a file.
 */

export type OpFailure =
  | { kind: 'missing' }
  | { kind: 'signed-out'; message: string }
  | { kind: 'no-item'; message: string }
  | { kind: 'error'; message: string };

export interface OpField {
  id?: string;
  label?: string;
  value?: string;
  type?: string;
  purpose?: string;
}

function classify(stderr: string): OpFailure {
  const message =
    stderr
      .replace(/^\[ERROR\]\s+\S+\s+\S+\s+/m, '')
      .trim()
      .split('\n')[0] ?? '';
  if (/not currently signed in|signin|sign in|session expired|authorization/i.test(stderr)) {
    return { kind: 'signed-out', message };
  }
  if (/isn't an item|not found|no item/i.test(stderr)) return { kind: 'no-item', message };
  return { kind: 'error', message: message || 'op failed' };
}

async function op(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; stdout: string } | { ok: false; failure: OpFailure }> {
  try {
    const res = await execFile('op', args, { env, timeoutMs: 60_000 });
    if (res.code === 0) return { ok: true, stdout: res.stdout };
    return { ok: false, failure: classify(res.stderr) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { ok: false, failure: { kind: 'missing' } };
    throw error;
  }
}

/** `op whoami`: whether op is installed and signed in. */
export async function opWhoami(
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; account: string } | { ok: false; failure: OpFailure }> {
  const res = await op(['whoami', '--format', 'json'], env);
  if (!res.ok) return res;
  try {
    const doc = JSON.parse(res.stdout) as { email?: string; url?: string };
    return { ok: true, account: [doc.email, doc.url].filter(Boolean).join(' at ') || 'signed in' };
  } catch {
    return { ok: true, account: 'signed in' };
  }
}

/** `op item get ITEM --format json`: the item's fields. */
export async function opItemFields(
  item: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; fields: OpField[] } | { ok: false; failure: OpFailure }> {
  const res = await op(['item', 'get', item, '--format', 'json'], env);
  if (!res.ok) return res;
  try {
    const doc = JSON.parse(res.stdout) as { fields?: OpField[] };
    return { ok: true, fields: Array.isArray(doc.fields) ? doc.fields : [] };
  } catch {
    return { ok: false, failure: { kind: 'error', message: `op item get ${item} did not print JSON` } };
  }
}

/** `op read op://vault/item/field`: one value (the trailing newline op adds is dropped). */
export async function opRead(
  reference: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: true; value: string } | { ok: false; failure: OpFailure }> {
  const res = await op(['read', '--no-newline', reference], env);
  if (!res.ok) return res;
  return { ok: true, value: res.stdout };
}
