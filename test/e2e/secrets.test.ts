import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerEnv } from '../helpers/docker.js';
import { fakeOpDir } from '../helpers/paths.js';
import { runBerth, testEnv } from '../helpers/run.js';
import { useWorkspace } from '../helpers/workspace.js';

// $, quotes, spaces, # and a newline: compose must pass all of it through as is.
const SECRET = `s3cr3t $HOME 'single' "double" #hash \${NOT_VARS}\nsecond line`;
const JWT = 'jwt-secret-value-7f3a9c';

/** Every process's argv on this machine, as one string per process. */
function allCmdlines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // gone
    }
  }
  return out;
}

/** Runs berth while scanning every process's argv for the secrets. */
async function runWatched(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const leaks: string[] = [];
  let scans = 0;
  const timer = setInterval(() => {
    scans++;
    for (const line of allCmdlines()) if (line.includes('s3cr3t') || line.includes(JWT)) leaks.push(line);
  }, 15);
  try {
    return { ...(await runBerth(args, { cwd, env })), leaks, scans };
  } finally {
    clearInterval(timer);
  }
}

describe('secrets on a real engine', () => {
  const workspace = useWorkspace();

  it('reach the containers byte for byte and nothing else: no file, no argv, no output', async () => {
    const ws = workspace();
    const dir = ws.exampleCheckout(`${ws.project}--sec`);
    ws.trackProject(`${ws.project}--sec`);
    const items = join(ws.root, 'op-items.json');
    writeFileSync(items, JSON.stringify({ 'ktrdr-sandbox-dev': { db_password: SECRET, jwt_secret: JWT } }));
    const env = testEnv({
      BERTH_HOME: ws.home,
      PATH: `${fakeOpDir}:${process.env.PATH}`,
      FAKE_OP_ITEMS: items,
    });

    const init = await runWatched(['sandbox', 'init'], dir, env);
    expect(init.code).toBe(0);
    const up = await runWatched(['sandbox', 'up', '--json'], dir, env);
    expect(up.code, up.stderr).toBe(0);
    expect(up.scans).toBeGreaterThan(10);
    expect(up.leaks).toEqual([]);
    // one warning: the item lacks two of the four fields
    expect(up.stderr).toContain('has no field anthropic_api_key, grafana_password');

    expect(await containerEnv(`${ws.project}--sec-backend-1`, 'DB_PASSWORD')).toBe(SECRET);
    expect(await containerEnv(`${ws.project}--sec-backend-1`, 'JWT_SECRET')).toBe(JWT);

    const status = await runWatched(['sandbox', 'status', '--json'], dir, env);
    const list = await runWatched(['sandbox', 'list', '--json'], dir, env);
    for (const text of [
      up.stdout,
      up.stderr,
      status.stdout,
      list.stdout,
      readFileSync(join(dir, '.env.sandbox'), 'utf8'),
      readFileSync(join(ws.home, 'sandbox', 'instances.json'), 'utf8'),
    ]) {
      expect(text).not.toContain('s3cr3t');
      expect(text).not.toContain(JWT);
    }
    // and no file berth wrote in its home holds one
    for (const entry of readdirSync(ws.home, { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        expect(readFileSync(join(entry.parentPath, entry.name), 'utf8')).not.toContain('s3cr3t');
    }
  });

  it('falls back to the compose defaults with one warning when op is signed out, and never runs op with --no-secrets', async () => {
    const ws = workspace();
    const dir = ws.exampleCheckout(`${ws.project}--nosec`);
    ws.trackProject(`${ws.project}--nosec`);
    const log = join(ws.root, 'op.log');
    const env = testEnv({
      BERTH_HOME: ws.home,
      PATH: `${fakeOpDir}:${process.env.PATH}`,
      FAKE_OP_STATE: 'signed-out',
      FAKE_OP_LOG: log,
    });
    expect((await runWatched(['sandbox', 'init'], dir, env)).code).toBe(0);

    const skipped = await runWatched(['sandbox', 'up', '--no-wait', '--no-secrets'], dir, env);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).not.toContain('1Password');
    expect(existsSync(log)).toBe(false);

    const signedOut = await runWatched(['sandbox', 'up', '--no-wait'], dir, env);
    expect(signedOut.code).toBe(0);
    expect(signedOut.stderr.split('\n').filter((l) => l.includes('warning'))).toEqual([
      "berth: warning: 1Password CLI is not signed in; all secrets use the compose file's defaults (run: eval $(op signin))",
    ]);
    expect(readFileSync(log, 'utf8')).toBe('item get ktrdr-sandbox-dev --format json\n');
    expect(await containerEnv(`${ws.project}--nosec-backend-1`, 'DB_PASSWORD')).toBe('insecure-dev-password');
  });
});
