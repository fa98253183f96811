// Builds berth with esbuild:
// - dist/cli.cjs: the CLI entry as one CommonJS bundle (CommonJS starts faster
//   than ESM), holding only argument parsing, help and the command table;
// - dist/commands/<name>.cjs: one bundle per command implementation, required
//   by the entry only when that command runs;
// - dist/chunks/config-parse.cjs: YAML and the config schema, required only
//   when a berth.yaml is read;
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
  // require(), not import(), for lazy imports: import() of a CommonJS file
  // engages the ESM loader, which lexes the whole file for its exports.
  supported: { 'dynamic-import': false },
  minifyWhitespace: true,
};

// Code loaded only when needed stays out of the bundles that import it:
// the command implementations (imported by the CLI entry) and the config
// parser (YAML + schema, imported by commands that read berth.yaml).
// `up` is the path from the importing bundle's folder to dist/.
function lazy(up) {
  return {
    name: 'lazy',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/commands\/[a-z-]+\.js$/ }, (args) => ({
        path: `./commands/${args.path.slice('../commands/'.length, -'.js'.length)}.cjs`,
        external: true,
      }));
      build.onResolve({ filter: /^\.\/config-parse\.js$/ }, () => ({
        path: `${up}chunks/config-parse.cjs`,
        external: true,
      }));
    },
  };
}

const commandFiles = readdirSync(join(root, 'src/commands')).filter((f) => f.endsWith('.ts'));

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/cli/bin.ts')],
    outfile: join(root, 'dist/cli.cjs'),
    format: 'cjs',
    plugins: [lazy('./')],
  }),
  esbuild.build({
    ...common,
    entryPoints: commandFiles.map((f) => ({ in: join(root, 'src/commands', f), out: f.slice(0, -3) })),
    outdir: join(root, 'dist/commands'),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    plugins: [lazy('../')],
  }),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/infra/config-parse.ts')],
    outfile: join(root, 'dist/chunks/config-parse.cjs'),
    format: 'cjs',
  }),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/index.ts')],
    outfile: join(root, 'dist/lib/index.js'),
    format: 'esm',
    supported: {},
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
