import { describe, expect, it } from 'vitest';
import { configFrom, exampleConfig } from '../helpers/config.js';

const base = 'project: ktrdr\nports:\n  api: { env: KTRDR_API_PORT, standard: 8000 }\n';

function errorOf(yaml: string): { message: string; hint?: string; exitCode: number } {
  try {
    configFrom(yaml);
  } catch (error) {
    return error as { message: string; hint?: string; exitCode: number };
  }
  throw new Error('expected the config to be refused');
}

describe('berth.yaml', () => {
  it('reads the example with every key of SPEC §2a', () => {
    const c = exampleConfig();
    expect(c.project).toBe('ktrdr');
    expect(c.compose).toEqual(['docker-compose.sandbox.yml']);
    expect(c.envPrefix).toBe('KTRDR');
    expect(c.slots).toBe(10);
    expect(c.apiPort).toBe('api');
    expect(c.gate.timeout).toBe(120);
    expect(c.gate.checks.map((x) => x.name)).toEqual(['Database', 'Backend', 'Workers', 'Observability']);
    expect(c.gate.checks[2]).toEqual({
      name: 'Workers',
      http: { port: 'api', path: '/api/v1/workers' },
      status: [200],
      minItems: 4,
      needs: 'Backend',
    });
    expect(c.gate.checks[3]!.status).toEqual([200, 302]);
    expect(c.secrets.items).toEqual({ sandbox: 'ktrdr-sandbox-dev', 'local-prod': 'ktrdr-local-prod' });
    expect(c.secrets.fields.grafana_password).toBe('GF_ADMIN_PASSWORD');
    expect(c.shared.dirs).toEqual(['data', 'models', 'strategies']);
    expect(c.shell.service).toBe('backend');
    expect(c.localProd).toEqual({
      profile: 'local-prod',
      env: { USE_IB_HOST_SERVICE: 'true', IB_HOST_SERVICE_URL: 'http://host.docker.internal:5001' },
    });
  });

  it('defaults everything but project and ports', () => {
    const c = configFrom('project: my-app\nports:\n  web: { env: WEB_PORT, standard: 3000 }');
    expect(c).toMatchObject({
      compose: undefined,
      envPrefix: 'MY_APP',
      slots: 10,
      apiPort: 'web',
      gate: { timeout: 120, checks: [] },
      shared: { dirs: [] },
      localProd: { env: {} },
    });
    expect(c.ports[0]).toEqual({
      name: 'web',
      env: 'WEB_PORT',
      standard: 3000,
      first: 3001,
      step: 1,
      count: 1,
    });
  });

  it.each([
    [`${base}slotz: 3`, "/p/berth.yaml: slotz: unknown key 'slotz'", "did you mean 'slots'?"],
    [
      'project: ktrdr\nports:\n  api: { env: API, standard: 8000, cuont: 2 }',
      "ports.api.cuont: unknown key 'cuont'",
      "did you mean 'count'?",
    ],
    [
      `${base}gate:\n  checks:\n    - { name: DB, tcp: api, neds: X }`,
      "gate.checks[0].neds: unknown key 'neds'",
      "did you mean 'needs'?",
    ],
    ['ports:\n  api: { env: API, standard: 8000 }', 'project: is required', undefined],
    [
      `project: Bad_Name\nports:\n  api: { env: API, standard: 8000 }`,
      'project: project must match',
      undefined,
    ],
    [
      'project: p\nports:\n  api: { env: API, standard: 70000 }',
      'ports.api.standard: standard must be from 1 to 65535',
      undefined,
    ],
    [
      'project: p\nports:\n  api: { env: API, standard: "8000" }',
      'ports.api.standard: standard must be a number',
      undefined,
    ],
    [`${base}slots: 0`, 'slots: slots must be at least 1', undefined],
    [`${base}api: { port: apj }`, "api.port: no port named 'apj'", "did you mean 'api'?"],
    [
      `${base}gate:\n  checks:\n    - { name: A, tcp: api, needs: B }`,
      "gate.checks[0].needs: no check named 'B'",
      undefined,
    ],
    [
      `${base}gate:\n  checks:\n    - { name: A, tcp: api, http: { port: api } }`,
      'needs exactly one of tcp or http',
      undefined,
    ],
    [
      `${base}gate:\n  checks:\n    - { name: A, tcp: api, needs: B }\n    - { name: B, tcp: api, needs: A }`,
      'form a cycle',
      undefined,
    ],
    [
      'project: p\nports:\n  w: { env: W, standard: 5000, step: 10, count: 4 }',
      'a group of 4 ports needs {n}',
      undefined,
    ],
    [
      `${base}secrets: { provider: vault }`,
      "secrets.provider: provider must be '1password' or 'env'",
      undefined,
    ],
    ['- just\n- a list', 'berth.yaml must be a mapping', undefined],
    ['', 'berth.yaml must be a mapping', undefined],
  ])('refuses %j with one line naming the key', (yaml, message, hint) => {
    const error = errorOf(yaml);
    expect(error.exitCode).toBe(64);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
    if (hint) expect(error.hint).toBe(hint);
  });
});
