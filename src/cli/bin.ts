import { runCli } from './main.js';

// The process entry of the bundle: real streams, real cwd, real environment.
const abort = new AbortController();
process.on('SIGINT', () => abort.abort());
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `berth sandbox list | head -1` closes the pipe early: that is not a failure.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stdin.isTTY === true,
  signal: abort.signal,
}).then((code) => {
  process.exitCode = code;
});
