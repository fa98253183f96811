import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchSecrets, maskSecrets } from '../../src/app/secrets.js';
import { flavorRules } from '../../src/core/flavor.js';
import { configFrom, exampleConfig } from '../helpers/config.js';
import { fakeOpDir } from '../helpers/paths.js';
import { useWorkspace } from '../helpers/workspace.js';

const tricky = 'p@ss $HOME "q" \'s\' #not-a-comment\nline2 ${X}';

describe('secrets from 1Password (fake op, documented output)', () => {
  const workspace = useWorkspace();
  const config = exampleConfig();
  const sandbox = flavorRules(config, 'sandbox');

  const opEnv = (items: Record<string, Record<string, string>>, extra: NodeJS.ProcessEnv = {}) => {
    const ws = workspace();
    const file = join(ws.root, `items-${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(items));
    return { PATH: `${fakeOpDir}:${process.env.PATH}`, FAKE_OP_ITEMS: file, ...extra };
  };

  it('maps the fields of the flavor item to variables', async () => {
    const env = opEnv({
      'ktrdr-sandbox-dev': {
        db_password: tricky,
        jwt_secret: 'j',
        anthropic_api_key: 'sk-1',
        grafana_password: 'g',
      },
      'ktrdr-local-prod': {
        db_password: 'prod',
        jwt_secret: 'pj',
        anthropic_api_key: 'sk-2',
        grafana_password: 'pg',
      },
    });
    const res = await fetchSecrets(config, sandbox, env);
    expect(res).toEqual({
      values: { DB_PASSWORD: tricky, JWT_SECRET: 'j', ANTHROPIC_API_KEY: 'sk-1', GF_ADMIN_PASSWORD: 'g' },
      warnings: [],
    });
    const prod = await fetchSecrets(config, flavorRules(config, 'local-prod'), env);
    expect(prod.values.DB_PASSWORD).toBe('prod');
  });

  it('warns once, naming the missing field, and keeps the others', async () => {
    const res = await fetchSecrets(
      config,
      sandbox,
      opEnv({ 'ktrdr-sandbox-dev': { db_password: 'x', jwt_secret: 'y' } }),
    );
    expect(res.values).toEqual({ DB_PASSWORD: 'x', JWT_SECRET: 'y' });
    expect(res.warnings).toEqual([
      "1Password item ktrdr-sandbox-dev has no field anthropic_api_key, grafana_password; they use the compose file's defaults",
    ]);
  });

  it.each([
    [{ FAKE_OP_STATE: 'signed-out' }, {}, 'not signed in', 'op signin'],
    [{}, {}, '"ktrdr-sandbox-dev" isn\'t an item', "compose file's defaults"],
  ])('warns when op is %j with items %j', async (extra, items, said, fix) => {
    const res = await fetchSecrets(config, sandbox, opEnv(items, extra));
    expect(res.values).toEqual({});
    expect(res.warnings).toHaveLength(1);
    expect(res.warnings[0]).toContain(said);
    expect(res.warnings[0]).toContain(fix);
  });

  it('warns when op is not installed', async () => {
    const res = await fetchSecrets(config, sandbox, { PATH: '/nonexistent' });
    expect(res.warnings).toEqual([
      "1Password CLI (op) is not installed; all secrets use the compose file's defaults (install op, or pass --no-secrets)",
    ]);
  });

  it('resolves op:// references, written either way round', async () => {
    const c = configFrom(
      'project: p\nports:\n  api: { env: API, standard: 8000 }\nsecrets:\n  fields: { "op://Private/shared/token": TOKEN, URL: "op://Private/shared/url" }',
    );
    const res = await fetchSecrets(
      c,
      flavorRules(c, 'sandbox'),
      opEnv({ shared: { token: 't0k', url: 'postgres://u:p@db/x' } }),
    );
    expect(res).toEqual({ values: { TOKEN: 't0k', URL: 'postgres://u:p@db/x' }, warnings: [] });
  });

  it('takes values from the invoking environment with provider env', async () => {
    const c = configFrom(
      'project: p\nports:\n  api: { env: API, standard: 8000 }\nsecrets:\n  provider: env\n  fields: { db_password: DB_PASSWORD, jwt: JWT }',
    );
    const res = await fetchSecrets(c, flavorRules(c, 'sandbox'), { DB_PASSWORD: 'from-ci' });
    expect(res).toEqual({
      values: { DB_PASSWORD: 'from-ci' },
      warnings: ["secrets provider env: JWT not set; they use the compose file's defaults"],
    });
  });

  it('refuses fields that map to no variable', () => {
    expect(() =>
      configFrom(
        'project: p\nports:\n  api: { env: API, standard: 8000 }\nsecrets:\n  fields: { db_password: "not a var" }',
      ),
    ).toThrow("secrets.fields.db_password: 'not a var' is not a variable name");
  });

  it('masks every secret value in relayed text', () => {
    expect(maskSecrets(`error: password ${tricky} rejected; key sk-123`, [tricky, 'sk-123'])).toBe(
      'error: password ******** rejected; key ********',
    );
  });
});

describe('doctor and the secrets provider', () => {
  const workspace = useWorkspace();

  it('names the variables the env provider is missing', async () => {
    const { runDoctor } = await import('../../src/app/doctor.js');
    const ws = workspace();
    const yaml =
      'project: p\nports:\n  api: { env: API, standard: 29900 }\nsecrets:\n  provider: env\n  fields: { db_password: DB_PASSWORD, jwt: JWT }';
    const dir = ws.gitRepo('p--d', { 'berth.yaml': yaml });
    const findings = await runDoctor(dir, {
      ...process.env,
      BERTH_HOME: ws.home,
      DB_PASSWORD: 'x',
      JWT: undefined,
    });
    expect(findings.find((f) => f.check === 'secrets')).toEqual({
      check: 'secrets',
      status: 'warn',
      detail: 'provider env: JWT not set: up uses the compose defaults for them',
      fix: 'export them before berth up',
    });
  });
});
