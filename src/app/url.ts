import { apiUrl, namedPort } from '../core/ports.js';
import { usageError } from '../errors.js';
import { findConfigFile, loadConfigFile, noConfigError } from '../infra/config-loader.js';
import { findEnvFile, readEnvFile } from './env-sandbox.js';

export interface UrlOptions {
  cwd: string;
  url?: string;
  port?: string | number;
}

export interface EffectiveUrl {
  url: string;
  /** Where it came from: flag, port flag, env file, or the config's standard port. */
  source: 'url' | 'port' | 'env-file' | 'config';
  file?: string;
}

/**
 * The effective API URL, highest first (SPEC §3): --url, --port, the
 * .env.sandbox in the cwd or a parent, the config's API port at slot 0.
 * Reads files only, never the process environment, so one terminal's
 * exported variables cannot point another checkout at the wrong stack.
 */
export async function getEffectiveApiUrl(options: UrlOptions): Promise<EffectiveUrl> {
  if (options.url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw usageError(
        `--url '${options.url}' is not a URL`,
        'give a full URL such as http://localhost:8002',
      );
    }
    if (!/^https?:$/.test(parsed.protocol)) throw usageError(`--url '${options.url}' is not an http(s) URL`);
    return { url: options.url.replace(/\/+$/, ''), source: 'url' };
  }
  if (options.port !== undefined) {
    const text = String(options.port);
    const port = Number(text);
    if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
      throw usageError(`--port '${text}' is not a port number`, 'give a number from 1 to 65535');
    }
    return { url: `http://localhost:${port}`, source: 'port' };
  }
  const envFile = findEnvFile(options.cwd);
  if (envFile) {
    const env = readEnvFile(envFile);
    const direct = env.get('BERTH_API_URL');
    if (direct) return { url: direct.replace(/\/+$/, ''), source: 'env-file', file: envFile };
    // A file written by hand or by an older tool: find the API port through the config.
    const configFile = findConfigFile(options.cwd);
    if (configFile) {
      const config = await loadConfigFile(configFile);
      const def = config.ports.find((p) => p.name === config.apiPort)!;
      const value = env.get(def.env.replace('{n}', '1'));
      if (value && /^\d+$/.test(value))
        return { url: `http://localhost:${value}`, source: 'env-file', file: envFile };
    }
  }
  const configFile = findConfigFile(options.cwd);
  if (!configFile) throw noConfigError(options.cwd);
  const config = await loadConfigFile(configFile);
  namedPort(config, config.apiPort, 0);
  return { url: apiUrl(config, 0), source: 'config', file: configFile };
}
