import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { removeComposeProject } from '../../src/infra/engine.js';
import { exampleDir } from './paths.js';

/**
 * A test's own world: a temporary directory, its own BERTH_HOME, and the
 * compose projects it started. Everything is removed after each test, also
 * when the test failed.
 */
export interface Workspace {
  /** Real path of the temporary directory. */
  root: string;
  /** BERTH_HOME for this test. */
  home: string;
  /** A short random tag to make names unique across runs. */
  tag: string;
  /**
   * The project name example checkouts get (\`kt<tag>\`), so that their compose
   * projects (\`kt<tag>--name\`, \`kt<tag>-prod\`) never touch a real one.
   */
  project: string;
  /** Registers a compose project to remove after the test. */
  trackProject(name: string): string;
  /** A git repository holding a copy of the example project, renamed to \`project\`. */
  exampleCheckout(name: string): string;
  /** A git repository with the given files. */
  gitRepo(name: string, files?: Record<string, string>): string;
}

export function useWorkspace(): () => Workspace {
  let current: (Workspace & { projects: Set<string> }) | undefined;

  afterEach(async () => {
    if (!current) return;
    const { root, projects } = current;
    current = undefined;
    for (const project of projects) await removeComposeProject(project);
    rmSync(root, { recursive: true, force: true });
  });

  return () => {
    if (current) return current;
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'berth-test-')));
    const projects = new Set<string>();
    const tag = randomBytes(3).toString('hex');
    const project = `kt${tag}`;
    const ws = {
      root,
      home: join(root, 'home'),
      tag,
      project,
      projects,
      trackProject(name: string) {
        projects.add(name);
        return name;
      },
      exampleCheckout(name: string) {
        const dir = join(root, name);
        cpSync(exampleDir, dir, { recursive: true });
        const yaml = join(dir, 'berth.yaml');
        writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^project: ktrdr\b/m, `project: ${project}`));
        initGit(dir);
        return dir;
      },
      gitRepo(name: string, files: Record<string, string> = {}) {
        const dir = join(root, name);
        mkdirSync(dir, { recursive: true });
        for (const [file, text] of Object.entries(files)) {
          mkdirSync(dirname(join(dir, file)), { recursive: true });
          writeFileSync(join(dir, file), text);
        }
        initGit(dir);
        return dir;
      },
    };
    current = ws;
    return ws;
  };
}

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'berth test',
      GIT_AUTHOR_EMAIL: 'test@berth.invalid',
      GIT_COMMITTER_NAME: 'berth test',
      GIT_COMMITTER_EMAIL: 'test@berth.invalid',
    },
  });
}

function initGit(dir: string): void {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', 'initial']);
}
