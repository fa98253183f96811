import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJsonSchema } from '@valibot/to-json-schema';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/core/config.js';
import { exampleYaml } from '../helpers/config.js';
import { repoRoot } from '../helpers/paths.js';

const file = join(repoRoot, 'schemas', 'berth.schema.json');

function generated(): Record<string, unknown> {
  const schema = toJsonSchema(ConfigSchema, { errorMode: 'ignore' }) as Record<string, unknown>;
  return {
    ...schema,
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'berth.yaml',
    description:
      'The project config of berth (see the README). Generated from src/core/config.ts by `npm run schemas`.',
  };
}

describe('the berth.yaml JSON Schema', () => {
  it('is the one generated from the config schema (run `npm run schemas` after changing it)', () => {
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(file, `${JSON.stringify(generated(), null, 2)}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(generated());
  });

  it('accepts the example and refuses unknown keys and wrong types', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(file, 'utf8')));
    expect(validate(load(exampleYaml))).toBe(true);
    expect(validate({ project: 'p', ports: { api: { env: 'API', standard: 8000 } }, slotz: 3 })).toBe(false);
    expect(validate({ project: 'p', ports: { api: { env: 'API', standard: '8000' } } })).toBe(false);
    expect(validate({ ports: { api: { env: 'API', standard: 8000 } } })).toBe(false);
  });
});
