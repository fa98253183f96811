import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfigYaml } from '../helpers/config.js';
import { runInProcess, testEnv } from '../helpers/run.js';
import { git, useWorkspace } from '../helpers/workspace.js';

describe('berth sandbox create', () => {
  const workspace = useWorkspace();

  it('leaves nothing half-made when registering the new worktree fails, and says so', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home });
    const main = ws.gitRepo('demo', { 'berth.yaml': testConfigYaml({ base: 29500, slots: 3 }) });
    const res = await runInProcess(['sandbox', 'create', 'feature', '--slot', '7'], { cwd: main, env });
    expect(res.code).toBe(64);
    expect(res.stderr).toContain('slot 7 is out of range 1..3');
    expect(res.stderr).toContain(`the worktree ${join(ws.root, 'demo--feature')} was removed again`);
    expect(existsSync(join(ws.root, 'demo--feature'))).toBe(false);
    expect(git(main, ['branch', '--list', 'feature']).trim()).toBe('');
    expect(git(main, ['worktree', 'list']).trim().split('\n')).toHaveLength(1);

    // an existing branch is kept, and the message says so
    git(main, ['branch', 'keep-me']);
    const kept = await runInProcess(['sandbox', 'create', 'other', '--branch', 'keep-me', '--slot', '9'], {
      cwd: main,
      env,
    });
    expect(kept.code).toBe(64);
    expect(kept.stderr).toContain('(branch keep-me was kept)');
    expect(git(main, ['branch', '--list', 'keep-me']).trim()).toBe('keep-me');
    expect(existsSync(join(ws.home, 'sandbox', 'instances.json'))).toBe(false);
  });

  it('refuses a bad branch name before touching anything', async () => {
    const ws = workspace();
    const main = ws.gitRepo('demo', { 'berth.yaml': testConfigYaml({ base: 29500 }) });
    const res = await runInProcess(['sandbox', 'create', 'x', '--branch', 'bad..name'], {
      cwd: main,
      env: testEnv({ BERTH_HOME: ws.home }),
    });
    expect(res.code).toBe(64);
    expect(res.stderr).toContain("'bad..name' is not a valid branch name");
    expect(existsSync(join(ws.root, 'demo--x'))).toBe(false);
  });
});
