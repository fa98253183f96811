import type { GateCheck } from '../core/config.js';

/**
 * The startability gate: every check polls on its own (fast at first, backing
 * off to a low cap), a check with `needs` waits for that check, and all run
 * under one deadline. Readiness is seen within one poll interval (<= 250 ms).
 */

export type CheckStatus = 'pending' | 'passed' | 'failed' | 'skipped';

export interface CheckState {
  name: string;
  status: CheckStatus;
  /** Why the last attempt failed. */
  lastError?: string;
  attempts: number;
  /** Milliseconds from the gate's start to the pass. */
  passedAfterMs?: number;
}

export interface GateProbe {
  name: string;
  needs?: string;
  /** One attempt: undefined when it passed, else the reason. */
  attempt(timeoutMs: number): Promise<string | undefined>;
}

export interface GateResult {
  passed: boolean;
  elapsedMs: number;
  checks: CheckState[];
}

export interface GateOptions {
  timeoutMs: number;
  firstIntervalMs?: number;
  maxIntervalMs?: number;
  /** Longest single attempt. */
  attemptTimeoutMs?: number;
  onChange?: (state: CheckState, all: readonly CheckState[]) => void;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const wake = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', wake);
      resolve();
    }, ms);
    signal.addEventListener('abort', wake, { once: true });
  });

export async function runGate(probes: readonly GateProbe[], options: GateOptions): Promise<GateResult> {
  const start = Date.now();
  const deadline = start + options.timeoutMs;
  const first = options.firstIntervalMs ?? 25;
  const cap = options.maxIntervalMs ?? 200;
  const states = new Map<string, CheckState>(
    probes.map((p) => [p.name, { name: p.name, status: 'pending', attempts: 0 }]),
  );
  const passedSignals = new Map<string, { promise: Promise<boolean>; resolve: (ok: boolean) => void }>();
  for (const p of probes) {
    let resolve!: (ok: boolean) => void;
    const promise = new Promise<boolean>((r) => {
      resolve = r;
    });
    passedSignals.set(p.name, { promise, resolve });
  }
  const all = () => [...states.values()];
  const done = new AbortController();
  options.signal?.addEventListener('abort', () => done.abort());
  const deadlineTimer = setTimeout(() => done.abort(), options.timeoutMs);
  const deadlineReached = new Promise<string>((r) =>
    done.signal.addEventListener('abort', () => r('deadline'), { once: true }),
  );

  const runOne = async (probe: GateProbe) => {
    const state = states.get(probe.name)!;
    if (probe.needs) {
      const ok = await Promise.race([
        passedSignals.get(probe.needs)!.promise,
        deadlineReached.then(() => false),
      ]);
      if (!ok) {
        state.status = 'skipped';
        state.lastError = `needs ${probe.needs}`;
        options.onChange?.(state, all());
        passedSignals.get(probe.name)!.resolve(false);
        return;
      }
    }
    let interval = first;
    while (!done.signal.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      state.attempts++;
      // Probes keep their own timeouts; the race only makes the deadline exact.
      const error = await Promise.race([
        // A little under the remaining time, so a probe's own timeout (which says what it waited for) comes first.
        probe.attempt(Math.max(1, Math.min(remaining - 20, options.attemptTimeoutMs ?? 2000))),
        deadlineReached,
      ]);
      if (error === 'deadline' && done.signal.aborted) break;
      if (error === undefined) {
        state.status = 'passed';
        state.passedAfterMs = Date.now() - start;
        delete state.lastError;
        options.onChange?.(state, all());
        passedSignals.get(probe.name)!.resolve(true);
        return;
      }
      if (state.lastError !== error) {
        state.lastError = error;
        options.onChange?.(state, all());
      }
      await sleep(interval, done.signal);
      interval = Math.min(cap, Math.ceil(interval * 1.6));
    }
    state.status = 'failed';
    state.lastError ??= 'no attempt finished before the deadline';
    options.onChange?.(state, all());
    passedSignals.get(probe.name)!.resolve(false);
  };

  await Promise.all(probes.map(runOne));
  clearTimeout(deadlineTimer);
  const checks = all();
  return { passed: checks.every((c) => c.status === 'passed'), elapsedMs: Date.now() - start, checks };
}

export type { GateCheck };
