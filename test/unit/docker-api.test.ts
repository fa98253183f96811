import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../src/infra/docker-api.js';

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
