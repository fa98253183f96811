import { runCli } from './main.js';

// The process entry of the bundle: real streams, real cwd, real environment.

const interruptHandlers = new Set<() => void>();
let interrupted = false;
process.on('SIGINT', () => {
  // With nothing to stop, or on a second Ctrl-C, leave at once.
  if (interrupted || interruptHandlers.size === 0) process.exit(130);
  interrupted = true;
  process.exitCode = 130;
  for (const fn of interruptHandlers) fn();
});

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `berth sandbox list | head -1` closes the pipe early: that is not a failure.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function prompt(question: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
    // Ctrl-D or Ctrl-C at the prompt closes it without an answer: that is a no.
    rl.on('close', () => {
      if (!answered) {
        process.stderr.write('\n');
        resolve('');
      }
    });
  });
}

let cwd: string;
try {
  cwd = process.cwd();
} catch {
  process.stderr.write(
    'berth: the current directory no longer exists; cd to an existing directory and run it again\n',
  );
  process.exit(1);
}

runCli(process.argv.slice(2), {
  cwd,
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stdin.isTTY === true,
  prompt,
  onInterrupt(fn) {
    interruptHandlers.add(fn);
    return () => interruptHandlers.delete(fn);
  },
}).then((code) => {
  if (!interrupted) process.exitCode = code;
});
