import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveEndpoint, startEngineGet } from '../../src/infra/docker-api.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A docker config dir with a current context, laid out as the docker CLI writes it. */
function dockerConfig(current: string | undefined, contexts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(current ? { currentContext: current } : {}));
  for (const [name, host] of Object.entries(contexts)) {
    const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      join(meta, 'meta.json'),
      JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
    );
  }
  return dir;
}

describe('the engine endpoint', () => {
  it('follows DOCKER_HOST first', async () => {
    expect(await resolveEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toEqual({
      socketPath: '/run/user/1000/docker.sock',
    });
    expect(await resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toEqual({
      host: '10.0.0.5',
      port: 2375,
    });
  });

  it('leaves ssh:// and TLS endpoints to the docker CLI', async () => {
    expect(await resolveEndpoint({ DOCKER_HOST: 'ssh://me@build-box' })).toBeUndefined();
    expect(await resolveEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' })).toBeUndefined();
  });

  it('follows the current docker context, and DOCKER_CONTEXT over it', async () => {
    const config = dockerConfig('colima', {
      colima: 'unix:///home/me/.colima/docker.sock',
      remote: 'ssh://me@box',
    });
    expect(await resolveEndpoint({ DOCKER_CONFIG: config })).toEqual({
      socketPath: '/home/me/.colima/docker.sock',
    });
    expect(await resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote' })).toBeUndefined();
    expect(await resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' })).toEqual({
      socketPath: '/var/run/docker.sock',
    });
  });

  it('uses the default socket without a config', async () => {
    expect(await resolveEndpoint({ DOCKER_CONFIG: '/nonexistent' })).toEqual({
      socketPath: '/var/run/docker.sock',
    });
  });
});

describe('engine responses', () => {
  it('reads a plain and a chunked JSON body, and nothing but a 200', async () => {
    const { parseResponse } = await import('../../src/infra/docker-api.js');
    const plain = Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[{"Id":"a"}]');
    expect(parseResponse(plain)).toEqual([{ Id: 'a' }]);
    const chunked = Buffer.from(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[{"Id\r\n7\r\n":"b"}]\r\n0\r\n\r\n',
    );
    expect(parseResponse(chunked)).toEqual([{ Id: 'b' }]);
    expect(parseResponse(Buffer.from('HTTP/1.0 404 Not Found\r\n\r\n{"message":"no"}'))).toBeUndefined();
    expect(parseResponse(Buffer.from('HTTP/1.0 200 OK\r\n\r\nnot json'))).toBeUndefined();
  });
});

describe('an engine request started early', () => {
  /** A unix-socket server standing in for the engine: `answer` decides what it sends back. */
  async function engine(answer: (request: string, socket: Socket) => void) {
    const dir = mkdtempSync(join(tmpdir(), 'berth-engine-'));
    dirs.push(dir);
    const path = join(dir, 'engine.sock');
    const events: string[] = [];
    const sockets: Socket[] = [];
    let connected!: () => void;
    let closed!: () => void;
    const wasConnected = new Promise<void>((r) => {
      connected = r;
    });
    const wasClosed = new Promise<void>((r) => {
      closed = r;
    });
    const server = createServer((s) => {
      sockets.push(s);
      events.push('connection');
      s.once('data', (d) => {
        events.push('request');
        connected();
        answer(d.toString(), s);
      });
      s.on('close', () => {
        events.push('close');
        closed();
      });
    });
    await new Promise<void>((r) => server.listen(path, r));
    const stop = () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    };
    return { env: { DOCKER_HOST: `unix://${path}` }, events, wasConnected, wasClosed, stop };
  }

  it('answers the JSON the engine sent', async () => {
    const e = await engine((request, s) => {
      expect(request).toMatch(/^GET \/containers\/json\?all=1 HTTP\/1\.0\r\n/);
      s.end('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[{"Id":"a"}]');
    });
    try {
      expect(await startEngineGet('/containers/json?all=1', e.env).result).toEqual([{ Id: 'a' }]);
    } finally {
      await e.stop();
    }
  });

  it('closes the socket when cancelled, and answers undefined', async () => {
    const e = await engine(() => {}); // never answers
    try {
      const pending = startEngineGet('/containers/json', e.env);
      await e.wasConnected;
      pending.cancel();
      await e.wasClosed;
      expect(await pending.result).toBeUndefined();
      expect(e.events).toEqual(['connection', 'request', 'close']);
    } finally {
      await e.stop();
    }
  });

  it('never connects when cancelled before it could', async () => {
    const e = await engine(() => {});
    try {
      const pending = startEngineGet('/containers/json', e.env);
      pending.cancel();
      expect(await pending.result).toBeUndefined();
      await new Promise((r) => setTimeout(r, 50));
      expect(e.events).toEqual([]);
    } finally {
      await e.stop();
    }
  });
});
