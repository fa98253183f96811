import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { exampleDir } from './paths.js';

/**
 * End-to-end tests need a real engine with Compose v2. Without one they fail
 * here, loudly, instead of skipping: a suite that silently skips proves nothing.
 */
export default function setup(): void {
  const problem = probe();
  if (problem) {
    throw new Error(
      `end-to-end tests need a Docker engine with Compose v2: ${problem}. On Debian, as root, run 'npm run setup:docker'.`,
    );
  }
  execFileSync(join(exampleDir, 'prepare.sh'), { stdio: 'inherit' });
}

function probe(): string | undefined {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 20_000 });
  } catch (error) {
    return `'docker info' failed (${firstLine(error)})`;
  }
  try {
    const v = execFileSync('docker', ['compose', 'version', '--short'], { stdio: 'pipe', encoding: 'utf8' });
    if (!v.trim().replace(/^v/, '').startsWith('2.')) return `'docker compose' is ${v.trim()}, not v2`;
  } catch (error) {
    return `'docker compose version' failed (${firstLine(error)})`;
  }
  return undefined;
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
  return (stderr || (error instanceof Error ? error.message : String(error))).split('\n')[0] ?? '';
}
