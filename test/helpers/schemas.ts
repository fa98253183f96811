import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { repoRoot } from './paths.js';

const dir = join(repoRoot, 'schemas');
const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json') && f !== 'berth.schema.json')) {
  ajv.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')), file);
}

/** Asserts that a real output document follows its published schema (schemas/<name>.schema.json). */
export function expectSchema(name: string, doc: unknown): void {
  const validate = ajv.getSchema(`${name}.schema.json`);
  if (!validate) throw new Error(`no schema ${name}`);
  const ok = validate(doc);
  expect(ok ? [] : validate.errors, `${name}.schema.json`).toEqual([]);
}
