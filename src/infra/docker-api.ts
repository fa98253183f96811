import { readFileSync } from 'node:fs';
import { request } from 'node:http';
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

/** GET a JSON document; undefined when the engine cannot be reached this way. */
export async function engineGet<T>(
  path: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 10_000,
): Promise<T | undefined> {
  const endpoint = await resolveEndpoint(env);
  if (!endpoint) return undefined;
  return new Promise((resolve) => {
    const req = request(
      { ...endpoint, path, method: 'GET', headers: { host: 'docker' }, timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return resolve(undefined);
          try {
            resolve(JSON.parse(body) as T);
          } catch {
            resolve(undefined);
          }
        });
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export interface ApiContainer {
  Names: string[];
  State: string;
  Status: string;
  Labels: Record<string, string>;
}
