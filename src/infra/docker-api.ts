import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Docker Engine API, spoken directly over the engine's socket: one
 * request where the CLI would start a process (4–7 ms against 50–100 ms).
 * The endpoint follows DOCKER_HOST, then DOCKER_CONTEXT or the CLI's current
 * context, then the default socket. Endpoints this client does not speak
 * (ssh://, TLS) answer undefined, and callers fall back to the docker CLI.
 */
export type Endpoint = { socketPath: string } | { host: string; port: number };

let memo: { key: string; endpoint: Endpoint | undefined } | undefined;

export async function resolveEndpoint(env: NodeJS.ProcessEnv): Promise<Endpoint | undefined> {
  const key = `${env.DOCKER_HOST ?? ''}|${env.DOCKER_CONTEXT ?? ''}|${env.DOCKER_CONFIG ?? ''}|${env.HOME ?? ''}`;
  if (memo?.key === key) return memo.endpoint;
  const endpoint = parseHost(
    env.DOCKER_HOST ?? (await contextHost(env)) ?? 'unix:///var/run/docker.sock',
    env,
  );
  memo = { key, endpoint };
  return endpoint;
}

function parseHost(host: string, env: NodeJS.ProcessEnv): Endpoint | undefined {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('tcp://') && !env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return undefined;
}

/** The endpoint of the current docker context, as the CLI would pick it. */
async function contextHost(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const configDir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  let name = env.DOCKER_CONTEXT;
  if (!name) {
    try {
      name = (JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { currentContext?: string })
        .currentContext;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  try {
    const { createHash } = await import('node:crypto');
    const id = createHash('sha256').update(name).digest('hex');
    const meta = JSON.parse(readFileSync(join(configDir, 'contexts', 'meta', id, 'meta.json'), 'utf8')) as {
      Endpoints?: { docker?: { Host?: string } };
    };
    return meta.Endpoints?.docker?.Host ?? 'ssh://unsupported';
  } catch {
    return 'ssh://unsupported'; // a context we cannot read: let the CLI handle it
  }
}

/** A request in flight: its result, and a way to drop it when no longer wanted. */
export interface PendingGet<T> {
  result: Promise<T | undefined>;
  cancel(): void;
}

/**
 * GET a JSON document; undefined when the engine cannot be reached this way.
 * A plain HTTP/1.0 exchange on a raw socket: node's http client costs more
 * to load than the whole request takes.
 */
export function engineGet<T>(
  path: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 10_000,
): Promise<T | undefined> {
  return startEngineGet<T>(path, env, timeoutMs).result;
}

/**
 * Starts a GET at once and returns before it is answered, so that the engine
 * works on it while berth does other things (load a command, read files).
 * `cancel` closes the socket: a dropped request never holds the process open.
 */
export function startEngineGet<T>(path: string, env: NodeJS.ProcessEnv, timeoutMs = 10_000): PendingGet<T> {
  let cancelled = false;
  let socket: import('node:net').Socket | undefined;
  const result = (async (): Promise<T | undefined> => {
    const endpoint = await resolveEndpoint(env);
    if (!endpoint || cancelled) return undefined;
    const { connect } = await import('node:net');
    if (cancelled) return undefined;
    return new Promise<T | undefined>((resolve) => {
      const s = 'socketPath' in endpoint ? connect({ path: endpoint.socketPath }) : connect(endpoint);
      socket = s;
      const chunks: Buffer[] = [];
      let done = false;
      const finish = (value: T | undefined) => {
        if (done) return;
        done = true;
        s.destroy();
        resolve(value);
      };
      s.setTimeout(timeoutMs, () => finish(undefined));
      s.on('connect', () =>
        s.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\nAccept: application/json\r\n\r\n`),
      );
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('error', () => finish(undefined));
      s.on('close', () => finish(undefined));
      s.on('end', () => finish(parseResponse<T>(Buffer.concat(chunks))));
    });
  })();
  return {
    result,
    cancel() {
      cancelled = true;
      socket?.destroy();
    },
  };
}

/** Status 200 and a JSON body (plain, or chunked should a server send it so). */
export function parseResponse<T>(raw: Buffer): T | undefined {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return undefined;
  const head = raw.subarray(0, split).toString('latin1');
  if (!/^HTTP\/1\.[01] 200 /.test(head)) return undefined;
  let body = raw.subarray(split + 4);
  if (/^transfer-encoding:\s*chunked/im.test(head)) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const eol = body.indexOf('\r\n', at);
      if (eol < 0) return undefined;
      const size = Number.parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (!Number.isFinite(size)) return undefined;
      if (size === 0) break;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export interface ApiContainer {
  Names: string[];
  State: string;
  Status: string;
  Labels: Record<string, string>;
}
