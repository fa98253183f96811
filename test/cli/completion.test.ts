import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfigYaml } from '../helpers/config.js';
import { berthBin } from '../helpers/paths.js';
import { runBerth, runInProcess, testEnv } from '../helpers/run.js';
import { useWorkspace } from '../helpers/workspace.js';

describe('shell completion', () => {
  const workspace = useWorkspace();

  it('completes commands, flags, slots and the services of the instance here, in a real bash', async () => {
    const ws = workspace();
    const env = testEnv({ BERTH_HOME: ws.home, PATH: `${dirname(berthBin)}:${process.env.PATH}` });
    const dir = ws.gitRepo('demo--c', { 'berth.yaml': testConfigYaml({ base: 29000, slots: 3 }) });
    expect((await runInProcess(['sandbox', 'init'], { cwd: dir, env })).code).toBe(0);
    const file = join(ws.home, 'sandbox', 'instances.json');
    const reg = JSON.parse(readFileSync(file, 'utf8'));
    reg.instances['demo--c'].services = ['api', 'db', 'worker'];
    writeFileSync(file, JSON.stringify(reg));

    const script = (await runBerth(['completion', 'bash'], { cwd: dir, env })).stdout;
    const complete = (...words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _berth_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { cwd: dir, env, encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean);

    expect(complete('berth', 'sand')).toEqual(['sandbox']);
    expect(complete('berth', 'sandbox', 'de')).toEqual(['destroy']);
    expect(complete('berth', 'sandbox', 'logs', '')).toEqual([
      'api',
      'db',
      'worker',
      '--follow',
      '--tail',
      '--help',
    ]);
    expect(complete('berth', 'sandbox', 'shell', 'w')).toEqual(['worker']);
    expect(complete('berth', 'sandbox', 'init', '--slot', '')).toEqual(['1', '2', '3']);
    expect(complete('berth', 'ports', '')).toEqual(['0', '1', '2', '3', '--json', '--help']);
    expect(complete('berth', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('berth', 'sandbox', 'status', 'de')).toEqual(['demo--c']);
  });

  it('prints scripts for zsh and fish, and refuses other shells', async () => {
    const ws = workspace();
    expect((await runInProcess(['completion', 'zsh'], { cwd: ws.root })).stdout).toContain(
      'compdef _berth_complete berth',
    );
    expect((await runInProcess(['completion', 'fish'], { cwd: ws.root })).stdout).toContain(
      'complete -c berth',
    );
    const bad = await runInProcess(['completion', 'tcsh'], { cwd: ws.root });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("no completion for 'tcsh'; choose bash, zsh or fish");
  });
});
