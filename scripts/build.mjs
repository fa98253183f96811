// Builds berth with esbuild:
// - dist/cli.cjs: the CLI entry as one CommonJS bundle (CommonJS starts faster
//   than ESM), holding only argument parsing, help and the command table;
// - dist/commands/<name>.cjs: one bundle per command implementation, required
//   by the entry only when that command runs;
// - dist/lib/index.js: the library API as an ESM bundle, with its .d.ts files.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const define = { BERTH_VERSION: JSON.stringify(pkg.version) };
const emitTypes = process.argv.includes('--no-types') === false;

rmSync(join(root, 'dist'), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  define,
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
  minifySyntax: true,
  minifyWhitespace: true,
};

// Imports of ../commands/*.js from the CLI entry stay outside the entry bundle.
const lazyCommands = {
  name: 'lazy-commands',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/commands\/[a-z-]+\.js$/ }, (args) => ({
      path: `./commands/${args.path.slice('../commands/'.length, -'.js'.length)}.cjs`,
      external: true,
    }));
  },
};

const commandFiles = readdirSync(join(root, 'src/commands')).filter((f) => f.endsWith('.ts'));

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/cli/bin.ts')],
    outfile: join(root, 'dist/cli.cjs'),
    format: 'cjs',
    // require(), not import(): import() of a CommonJS file engages the ESM
    // loader, which lexes the whole file for its exports (~15 ms per command).
    supported: { 'dynamic-import': false },
    plugins: [lazyCommands],
  }),
  esbuild.build({
    ...common,
    entryPoints: commandFiles.map((f) => ({ in: join(root, 'src/commands', f), out: f.slice(0, -3) })),
    outdir: join(root, 'dist/commands'),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
  }),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/index.ts')],
    outfile: join(root, 'dist/lib/index.js'),
    format: 'esm',
    packages: 'external',
  }),
]);

if (emitTypes) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
}
