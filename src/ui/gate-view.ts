import type { CheckState, GateResult } from '../app/gate.js';
import type { OutputStream } from '../cli/context.js';
import { type Paint, paint } from './color.js';

/**
 * How the gate shows its progress to a person. On a terminal: one live line
 * per check (spinner, elapsed time, last error), redrawn in place. Elsewhere:
 * one plain line per check as it passes, and the failures at the end.
 */
export interface GateView {
  update(state: CheckState, all: readonly CheckState[]): void;
  finish(result: GateResult): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createGateView(stream: OutputStream, options: { tty: boolean; color: boolean }): GateView {
  return options.tty ? liveView(stream, paint(options.color)) : plainView(stream);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function plainView(stream: OutputStream): GateView {
  return {
    update(state) {
      if (state.status === 'passed')
        stream.write(`  ok    ${state.name} (${seconds(state.passedAfterMs ?? 0)})\n`);
    },
    finish(result) {
      for (const c of result.checks) {
        if (c.status === 'failed') stream.write(`  FAIL  ${c.name}: ${c.lastError ?? ''}\n`);
        if (c.status === 'skipped') stream.write(`  skip  ${c.name}: ${c.lastError ?? ''}\n`);
      }
    },
  };
}

function liveView(stream: OutputStream, p: Paint): GateView {
  const start = Date.now();
  let states: readonly CheckState[] = [];
  let drawn = 0;
  let frame = 0;
  const width = () => Math.max(...states.map((s) => s.name.length), 8);
  const line = (s: CheckState) => {
    const name = s.name.padEnd(width());
    switch (s.status) {
      case 'passed':
        return `  ${p.green('✓')} ${name}  ${p.dim(seconds(s.passedAfterMs ?? 0))}`;
      case 'failed':
        return `  ${p.red('✗')} ${name}  ${p.red(s.lastError ?? '')}`;
      case 'skipped':
        return `  ${p.yellow('-')} ${name}  ${p.dim(s.lastError ?? 'skipped')}`;
      default:
        return `  ${FRAMES[frame % FRAMES.length]} ${name}  ${p.dim(seconds(Date.now() - start))}${s.lastError ? `  ${p.dim(s.lastError)}` : ''}`;
    }
  };
  const draw = () => {
    let out = drawn ? `\x1b[${drawn}A` : '';
    for (const s of states) out += `\r\x1b[2K${line(s)}\n`;
    drawn = states.length;
    stream.write(out);
  };
  const timer = setInterval(() => {
    frame++;
    if (states.length) draw();
  }, 100);
  timer.unref();
  return {
    update(_state, all) {
      states = all;
      draw();
    },
    finish(result) {
      clearInterval(timer);
      states = result.checks;
      draw();
    },
  };
}
