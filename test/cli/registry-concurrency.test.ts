import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../src/core/env-file.js';
import { validateRegistry } from '../../src/core/registry.js';
import { testConfigYaml } from '../helpers/config.js';
import { berthBin } from '../helpers/paths.js';
import { runBerth, testEnv } from '../helpers/run.js';
import { useWorkspace } from '../helpers/workspace.js';

const BASE = 25000;
const yaml = testConfigYaml({ base: BASE, slots: 10 });

/** The registry parses, holds distinct slots, and agrees with every registered .env.sandbox. */
function expectWholeRegistry(file: string): Record<string, { slot: number; path: string }> {
  const reg = validateRegistry(JSON.parse(readFileSync(file, 'utf8')), file);
  const slots = Object.values(reg.instances).map((i) => i.slot);
  expect(new Set(slots).size).toBe(slots.length);
  expect(reg.allocated_slots).toEqual([...slots].sort((a, b) => a - b));
  for (const rec of Object.values(reg.instances)) {
    const env = parseEnvFile(readFileSync(join(rec.path, '.env.sandbox'), 'utf8'), rec.path);
    expect(env.get('INSTANCE_ID')).toBe(rec.instance_id);
    expect(env.get('SLOT_NUMBER')).toBe(String(rec.slot));
    expect(env.get('DEMO_API_PORT')).toBe(String(BASE + rec.slot));
  }
  return reg.instances;
}

describe('the registry under concurrent writers', () => {
  const workspace = useWorkspace();

  it('gives 10 of 20 racing `sandbox init` processes distinct slots and refuses the other 10', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const dirs = Array.from({ length: 20 }, (_, i) => ws.gitRepo(`demo--r${i}`, { 'berth.yaml': yaml }));
    const results = await Promise.all(dirs.map((cwd) => runBerth(['sandbox', 'init'], { cwd, env })));

    const ok = results.filter((r) => r.code === 0);
    const refused = results.filter((r) => r.code !== 0);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(10);
    for (const r of refused) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('all 10 sandbox slots are in use');
    }
    const slots = ok.map((r) => Number(/on slot (\d+)/.exec(r.stdout)?.[1]));
    expect(slots.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    const instances = expectWholeRegistry(join(ws.home, 'sandbox', 'instances.json'));
    expect(Object.keys(instances)).toHaveLength(10);
    // The refused ones were left untouched.
    const registered = new Set(Object.values(instances).map((i) => i.path));
    for (const dir of dirs) expect(existsSync(join(dir, '.env.sandbox'))).toBe(registered.has(dir));
    expect(existsSync(join(ws.home, 'sandbox', 'instances.json.lock'))).toBe(false);
  });

  it('stays whole when writers are SIGKILLed at random moments, and the next writers get through', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const dirs = Array.from({ length: 8 }, (_, i) => ws.gitRepo(`demo--k${i}`, { 'berth.yaml': yaml }));
    const file = join(ws.home, 'sandbox', 'instances.json');
    let killed = 0;

    for (let round = 0; round < 6; round++) {
      const runs = dirs.map(
        (cwd) =>
          new Promise<void>((resolve) => {
            const args = round % 2 === 0 ? ['sandbox', 'init'] : ['sandbox', 'clean'];
            const child = spawn(process.execPath, [berthBin, ...args], { cwd, env, stdio: 'ignore' });
            const timer = setTimeout(() => {
              if (child.exitCode === null) {
                child.kill('SIGKILL');
                killed++;
              }
            }, Math.random() * 120);
            child.on('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      );
      await Promise.all(runs);
      if (existsSync(file)) expectWholeRegistry(file);
    }
    expect(killed).toBeGreaterThan(0);

    // Whatever the kills left behind (a lock of a dead pid, temp files), every
    // checkout can still register, each on its own slot.
    for (const cwd of dirs) {
      const res = await runBerth(['sandbox', 'init'], { cwd, env });
      expect(res.code, res.stderr).toBe(0);
    }
    expect(Object.keys(expectWholeRegistry(file))).toHaveLength(8);
  });
});
