import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type GateProbe, runGate } from '../../src/app/gate.js';
import { countItems, probeHttp, probeTcp } from '../../src/infra/probes.js';

// Real listeners on loopback, each on a port the OS picks.
const servers: (Server | TcpServer)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    if ('closeAllConnections' in s) s.closeAllConnections();
    await new Promise((r) => s.close(() => r(undefined)));
  }
});

function listen(server: Server | TcpServer, port = 0): Promise<number> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

function http(handler: Parameters<typeof createHttpServer>[1]): Server {
  return createHttpServer(handler);
}

async function freePort(): Promise<number> {
  const s = createTcpServer();
  const port = await new Promise<number>((r) =>
    s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)),
  );
  await new Promise((r) => s.close(r));
  return port;
}

const httpCheck = (
  name: string,
  port: number,
  expect: { status?: number[]; minItems?: number } = {},
  needs?: string,
): GateProbe => ({
  name,
  ...(needs ? { needs } : {}),
  attempt: (t) =>
    probeHttp(
      port,
      '/',
      {
        status: expect.status ?? [200],
        ...(expect.minItems !== undefined ? { minItems: expect.minItems } : {}),
      },
      t,
    ),
});

describe('gate probes against real listeners', () => {
  it('waits for a server that comes up late', async () => {
    const port = await freePort();
    setTimeout(
      () =>
        void listen(
          http((_q, s) => s.end('ok')),
          port,
        ),
      400,
    );
    const result = await runGate(
      [httpCheck('Late', port), { name: 'Late tcp', attempt: (t) => probeTcp(port, t) }],
      {
        timeoutMs: 10_000,
      },
    );
    expect(result.passed).toBe(true);
    expect(result.checks[0]!.attempts).toBeGreaterThan(1);
    expect(result.checks[0]!.passedAfterMs).toBeGreaterThanOrEqual(390);
  });

  it('fails on a 500 and names the status', async () => {
    const port = await listen(http((_q, s) => s.writeHead(500).end('boom')));
    const result = await runGate([httpCheck('Backend', port)], { timeoutMs: 600 });
    expect(result.passed).toBe(false);
    expect(result.checks[0]).toMatchObject({ status: 'failed', lastError: 'HTTP 500' });
  });

  it('accepts the configured statuses', async () => {
    const port = await listen(http((_q, s) => s.writeHead(302, { location: '/x' }).end()));
    expect((await runGate([httpCheck('UI', port, { status: [200, 302] })], { timeoutMs: 2000 })).passed).toBe(
      true,
    );
  });

  it('counts items in an array or in an object holding one', async () => {
    let body = '{"workers":[1,2]}';
    const port = await listen(http((_q, s) => s.end(body)));
    const few = await runGate([httpCheck('Workers', port, { minItems: 4 })], { timeoutMs: 500 });
    expect(few.checks[0]!.lastError).toBe('2 items, need 4');
    body = '[1,2,3,4]';
    expect((await runGate([httpCheck('Workers', port, { minItems: 4 })], { timeoutMs: 2000 })).passed).toBe(
      true,
    );
    expect(countItems('{"a":[1],"b":[2]}', 1)).toBe('response holds more than one array');
    expect(countItems('not json', 1)).toBe('response is not JSON');
    expect(countItems('{"workers":[]}', 1)).toBe('0 items, need 1');
  });

  it('does not stall on a server that accepts and never answers', async () => {
    const port = await listen(http(() => undefined));
    const result = await runGate([httpCheck('Hang', port)], { timeoutMs: 800 });
    expect(result.checks[0]).toMatchObject({
      status: 'failed',
      lastError: 'timed out waiting for a response',
    });
  });

  it('does not stall on a body that never ends, and reports a connection closed mid-response', async () => {
    const trickle = await listen(
      http((_q, s) => {
        s.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        s.write('[1,');
      }),
    );
    const slow = await runGate([httpCheck('Trickle', trickle, { minItems: 1 })], { timeoutMs: 800 });
    expect(slow.checks[0]!.lastError).toBe('timed out waiting for a response');

    const closing = await listen(
      http((_q, s) => {
        s.writeHead(200, { 'content-length': '1000' });
        s.write('[1,');
        setTimeout(() => s.socket?.destroy(), 20);
      }),
    );
    const cut = await runGate([httpCheck('Cut', closing, { minItems: 1 })], { timeoutMs: 800 });
    expect(cut.checks[0]!.lastError).toBe('connection closed mid-response');
  });

  it('reports connection refused, and skips (not fails) a check whose need never passed', async () => {
    const port = await freePort();
    const result = await runGate(
      [httpCheck('Backend', port), httpCheck('Workers', port, { minItems: 4 }, 'Backend')],
      {
        timeoutMs: 500,
      },
    );
    expect(result.checks.map((c) => [c.name, c.status, c.lastError])).toEqual([
      ['Backend', 'failed', 'connection refused'],
      ['Workers', 'skipped', 'needs Backend'],
    ]);
  });
});

describe('gate timing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sees readiness within 250 ms of the moment it holds, whatever the moment', async () => {
    vi.useFakeTimers();
    for (const readyAt of [0, 30, 777, 5_000, 61_234]) {
      const start = Date.now();
      const probe: GateProbe = {
        name: 'X',
        attempt: async () => (Date.now() - start >= readyAt ? undefined : 'not yet'),
      };
      const done = runGate([probe], { timeoutMs: 120_000 });
      await vi.advanceTimersByTimeAsync(readyAt + 1000);
      const result = await done;
      expect(result.passed).toBe(true);
      expect(result.checks[0]!.passedAfterMs! - readyAt).toBeLessThanOrEqual(250);
    }
  });

  it('runs independent checks concurrently under one deadline', async () => {
    vi.useFakeTimers();
    const slow = (name: string): GateProbe => ({
      name,
      attempt: (t) => new Promise((r) => setTimeout(() => r('slow'), Math.min(t, 1500))),
    });
    const done = runGate([slow('A'), slow('B'), slow('C')], { timeoutMs: 3000 });
    await vi.advanceTimersByTimeAsync(3500);
    const result = await done;
    expect(result.passed).toBe(false);
    expect(result.elapsedMs).toBeLessThanOrEqual(3000);
    expect(result.checks.every((c) => c.attempts >= 2)).toBe(true);
  });
});
