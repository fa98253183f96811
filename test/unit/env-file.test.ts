import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderInstanceEnv } from '../../src/app/env-sandbox.js';
import { parseEnvFile, renderEnvFile } from '../../src/core/env-file.js';
import { exampleConfig } from '../helpers/config.js';

describe('.env.sandbox', () => {
  it('holds at least the SPEC §3a lines for KTRDR slot 2', () => {
    const text = renderInstanceEnv(exampleConfig(), '/home/karl/.ktrdr', {
      id: 'ktrdr--stream-b',
      slot: 2,
      flavor: 'sandbox',
    });
    const lines = text.split('\n');
    for (const line of [
      'INSTANCE_ID=ktrdr--stream-b',
      'COMPOSE_PROJECT_NAME=ktrdr--stream-b',
      'SLOT_NUMBER=2',
      'KTRDR_API_PORT=8002',
      'KTRDR_DB_PORT=5434',
      'KTRDR_GRAFANA_PORT=3002',
      'KTRDR_JAEGER_UI_PORT=16688',
      'KTRDR_JAEGER_OTLP_GRPC_PORT=4337',
      'KTRDR_JAEGER_OTLP_HTTP_PORT=4338',
      'KTRDR_PROMETHEUS_PORT=9092',
      'KTRDR_WORKER_PORT_1=5017',
      'KTRDR_WORKER_PORT_2=5018',
      'KTRDR_WORKER_PORT_3=5019',
      'KTRDR_WORKER_PORT_4=5020',
      'KTRDR_SHARED_DIR=/home/karl/.ktrdr/shared',
      'KTRDR_DATA_DIR=/home/karl/.ktrdr/shared/data',
      'KTRDR_MODELS_DIR=/home/karl/.ktrdr/shared/models',
      'KTRDR_STRATEGIES_DIR=/home/karl/.ktrdr/shared/strategies',
    ]) {
      expect(lines).toContain(line);
    }
    expect(text).not.toContain('USE_IB_HOST_SERVICE');
  });

  it('carries the local_prod env for local-prod only', () => {
    const text = renderInstanceEnv(exampleConfig(), '/h', {
      id: 'ktrdr-prod',
      slot: 0,
      flavor: 'local-prod',
    });
    const env = parseEnvFile(text, '.env.sandbox');
    expect(env.get('USE_IB_HOST_SERVICE')).toBe('true');
    expect(env.get('IB_HOST_SERVICE_URL')).toBe('http://host.docker.internal:5001');
    expect(env.get('KTRDR_API_PORT')).toBe('8000');
  });

  it('round-trips any value without quotes or newlines', () => {
    const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
    const value = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      .filter((v) => !/['\n\r]/.test(v) && v === v.trim());
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), (entries) => {
        const text = renderEnvFile('header', [{ comment: 'c', entries }]);
        expect(Object.fromEntries(parseEnvFile(text, 'f'))).toEqual(entries);
      }),
    );
  });

  it('tolerates comments, blank lines, export, quotes, = in values and whitespace', () => {
    const env = parseEnvFile(
      [
        '# a comment',
        '',
        '  KEY=value  ',
        'export EXPORTED=1',
        'URL=http://x/?a=b=c',
        "SINGLE='a # not a comment'",
        'DOUBLE="line\\nnext \\"q\\""  # trailing comment',
        'INLINE=abc # comment',
        'EMPTY=',
        '\tSPACED = 42',
      ].join('\n'),
      'f',
    );
    expect(Object.fromEntries(env)).toEqual({
      KEY: 'value',
      EXPORTED: '1',
      URL: 'http://x/?a=b=c',
      SINGLE: 'a # not a comment',
      DOUBLE: 'line\nnext "q"',
      INLINE: 'abc',
      EMPTY: '',
      SPACED: '42',
    });
  });

  it.each([
    ['JUST TEXT', '/x/.env.sandbox:2: expected KEY=value'],
    ['=value', '/x/.env.sandbox:2: expected KEY=value'],
    ['1BAD=x', "/x/.env.sandbox:2: '1BAD' is not a valid variable name"],
    ["Q='open", '/x/.env.sandbox:2: unterminated single quote'],
    ['Q="a" b', '/x/.env.sandbox:2: unexpected text after the closing quote'],
  ])('names the file and line of a malformed line: %j', (line, message) => {
    expect(() => parseEnvFile(`OK=1\n${line}\n`, '/x/.env.sandbox')).toThrow(message);
  });
});
