import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { runBerth, runInProcess } from '../helpers/run.js';

const cwd = repoRoot;

describe('the built CLI', () => {
  it('prints its version', async () => {
    const res = await runBerth(['--version'], { cwd });
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('lists the sandbox and local-prod groups and the commands that work anywhere', async () => {
    const res = await runBerth(['--help'], { cwd });
    expect(res.code).toBe(0);
    for (const line of ['sandbox init', 'sandbox up', 'sandbox list', 'local-prod init', 'local-prod up']) {
      expect(res.stdout).toContain(`  ${line} `);
    }
    for (const cmd of ['ports', 'url', 'doctor']) expect(res.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  });

  it('has --help on every command', async () => {
    const res = await runBerth(['local-prod', 'destroy', '--help'], { cwd });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: berth local-prod destroy [--force]');
  });

  it('loads a command implementation for every command it lists', async () => {
    const { commands } = await import('../../src/cli/commands.js');
    const { loaders } = await import('../../src/cli/loaders.js');
    for (const def of commands) {
      const mod = await loaders[def.module]!();
      expect(typeof mod.run, def.path.join(' ')).toBe('function');
    }
  });
});

describe('bad usage', () => {
  it.each([
    [['sandbox', 'inti'], "unknown command 'berth sandbox inti' (did you mean 'berth sandbox init'?)"],
    [
      ['sandbox', 'init', '--slto', '3'],
      "unknown option '--slto' for 'berth sandbox init' (did you mean --slot?)",
    ],
    [
      ['sandbox', 'init', '--slot', '-1'],
      "--slot needs a value; to give one that starts with '-', write --slot=VALUE",
    ],
    [['sandbox', 'create'], "'berth sandbox create' needs NAME"],
    [['url', 'extra'], "'berth url' takes no arguments, got 'extra'"],
    [['--verison'], "unknown option '--verison' (did you mean '--version'?)"],
    [['deploy'], "unknown command 'deploy'"],
  ])('berth %j exits 64 with one line', async (args, message) => {
    const res = await runInProcess(args, { cwd });
    expect(res.code).toBe(64);
    expect(res.stdout).toBe('');
    expect(res.stderr.split('\n')).toHaveLength(2);
    expect(res.stderr).toContain(message);
  });

  it('prints the group help and exits 64 when the subcommand is missing', async () => {
    const res = await runInProcess(['sandbox'], { cwd });
    expect(res.code).toBe(64);
    expect(res.stdout).toContain('Usage: berth sandbox <command>');
  });
});

describe('help', () => {
  it('shows usage, options and examples for every command', async () => {
    const { commands } = await import('../../src/cli/commands.js');
    for (const def of commands) {
      const res = await runInProcess([...def.path, '--help'], { cwd });
      expect(res.code, def.path.join(' ')).toBe(0);
      expect(res.stdout).toContain(`Usage: berth ${def.path.join(' ')}`);
      expect(res.stdout, def.path.join(' ')).toContain('Examples:');
    }
  });
});
