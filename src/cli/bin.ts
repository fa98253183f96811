import { runCli } from './main.js';
import { fdOutput } from './stdio.js';

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

// `berth sandbox list | head -1` closes the pipe early: that is not a failure.
const brokenPipe = () => process.exit(0);
let stdoutStream: NodeJS.WriteStream | undefined;
const stdout = fdOutput(
  1,
  () => {
    if (!stdoutStream) {
      stdoutStream = process.stdout;
      stdoutStream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') brokenPipe();
        else throw error;
      });
    }
    return stdoutStream;
  },
  brokenPipe,
);
// A closed stderr loses the message; there is nowhere left to report that.
const stderr = fdOutput(
  2,
  () => process.stderr,
  () => {},
);

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
  stderr.write(
    'berth: the current directory no longer exists; cd to an existing directory and run it again\n',
  );
  process.exit(1);
}

runCli(process.argv.slice(2), {
  cwd,
  env: process.env,
  stdout,
  stderr,
  // Asked only by commands that may prompt: reading process.stdin builds a stream.
  get interactive() {
    return process.stdin.isTTY === true;
  },
  prompt,
  onInterrupt(fn) {
    interruptHandlers.add(fn);
    return () => interruptHandlers.delete(fn);
  },
}).then((code) => {
  if (!interrupted) process.exitCode = code;
});
