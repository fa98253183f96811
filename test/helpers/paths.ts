import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const berthBin = join(repoRoot, 'bin', 'berth');
export const exampleDir = join(repoRoot, 'examples', 'ktrdr');
export const fakeOpDir = join(repoRoot, 'test', 'fixtures', 'fake-op');
