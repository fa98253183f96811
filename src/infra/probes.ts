import { request } from 'node:http';
import { connect } from 'node:net';

/**
 * Single readiness probes against the host's published ports. Each returns
 * undefined when the probe passed, or the reason it did not. A probe never
 * outlives its timeout, whatever the peer does (hangs, trickles a body).
 */

export function probeTcp(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => finish('timed out connecting'), timeoutMs);
    function finish(error: string | undefined) {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    }
    socket.once('connect', () => finish(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      finish(e.code === 'ECONNREFUSED' ? 'connection refused' : (e.code ?? e.message)),
    );
  });
}

export interface HttpExpectation {
  status: readonly number[];
  minItems?: number;
}

const MAX_BODY = 4 * 1024 * 1024;

export function probeHttp(
  port: number,
  path: string,
  expect: HttpExpectation,
  timeoutMs: number,
  host = '127.0.0.1',
): Promise<string | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (error: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(error);
    };
    const req = request(
      { host, port, path, method: 'GET', headers: { accept: 'application/json, */*' }, agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        if (!expect.status.includes(status)) {
          res.resume();
          finish(`HTTP ${status}`);
          return;
        }
        if (expect.minItems === undefined) {
          res.resume();
          finish(undefined);
          return;
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BODY) finish('response body too large');
        });
        res.on('end', () => finish(countItems(body, expect.minItems!)));
        res.on('error', () => finish('connection closed mid-response'));
        res.on('aborted', () => finish('connection closed mid-response'));
      },
    );
    const timer = setTimeout(() => finish('timed out waiting for a response'), timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) =>
      finish(
        e.code === 'ECONNREFUSED'
          ? 'connection refused'
          : e.code === 'ECONNRESET'
            ? 'connection reset'
            : (e.code ?? e.message),
      ),
    );
    req.end();
  });
}

/** `min_items` over a JSON array, or an object holding one array (e.g. {"workers": [...]}). */
export function countItems(body: string, min: number): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return 'response is not JSON';
  }
  let items: unknown[] | undefined;
  if (Array.isArray(doc)) items = doc;
  else if (doc && typeof doc === 'object') {
    const arrays = Object.values(doc).filter(Array.isArray);
    if (arrays.length === 1) items = arrays[0] as unknown[];
    else return arrays.length === 0 ? 'response holds no array' : 'response holds more than one array';
  } else return 'response is not a JSON array or object';
  return items.length >= min
    ? undefined
    : `${items.length} item${items.length === 1 ? '' : 's'}, need ${min}`;
}
