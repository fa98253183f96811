import * as v from 'valibot';
import { configError } from '../errors.js';
import { closest } from './suggest.js';

/**
 * berth.yaml: the schema (SPEC §2a), the defaults, and the cross-checks a
 * schema cannot express (references between keys, port collisions). Pure:
 * takes the parsed document, returns the normalised config or throws one
 * ConfigError naming the file, the key path and the fix.
 */

export const DEFAULT_SLOTS = 10;
export const DEFAULT_GATE_TIMEOUT = 120;
export const MAX_SLOTS = 99;

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const KEY = /^[a-z][a-z0-9_]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_TEMPLATE = /^[A-Za-z_][A-Za-z0-9_]*(\{n\}[A-Za-z0-9_]*)?$/;
const DIR_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const port = (what: string) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(1, `${what} must be from 1 to 65535`),
    v.maxValue(65535, `${what} must be from 1 to 65535`),
  );
const positiveInt = (what: string, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(1, `${what} must be at least 1`),
    v.maxValue(max, `${what} must be at most ${max}`),
  );
const text = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.nonEmpty(`${what} must not be empty`));

const PortSchema = v.strictObject(
  {
    env: v.pipe(
      v.string('env must be a string'),
      v.regex(ENV_TEMPLATE, 'env must be an environment variable name (with {n} for a group)'),
    ),
    standard: port('standard'),
    first: v.optional(port('first')),
    step: v.optional(positiveInt('step')),
    count: v.optional(positiveInt('count', 100)),
  },
  'a port must be a mapping like { env: API_PORT, standard: 8000 }',
);

const HttpCheckSchema = v.strictObject(
  {
    port: text('http.port'),
    path: v.optional(
      v.pipe(v.string('http.path must be a string'), v.startsWith('/', 'http.path must start with /')),
    ),
  },
  'http must be a mapping like { port: api, path: /health }',
);

const CheckSchema = v.strictObject(
  {
    name: text('name'),
    tcp: v.optional(text('tcp')),
    http: v.optional(HttpCheckSchema),
    status: v.optional(
      v.array(
        v.pipe(v.number('status must list HTTP status codes'), v.integer(), v.minValue(100), v.maxValue(599)),
        'status must be a list like [200, 302]',
      ),
    ),
    min_items: v.optional(
      v.pipe(
        v.number('min_items must be a number'),
        v.integer('min_items must be a whole number'),
        v.minValue(0),
      ),
    ),
    needs: v.optional(text('needs')),
  },
  'a check must be a mapping like { name: Backend, http: { port: api, path: /health } }',
);

export const ConfigSchema = v.strictObject(
  {
    project: v.pipe(
      v.string('project must be a string'),
      v.regex(NAME, 'project must match [a-z0-9][a-z0-9-]* (lowercase letters, digits, dashes)'),
    ),
    compose: v.optional(
      v.union(
        [
          text('compose'),
          v.pipe(v.array(text('compose'), 'compose must be a file or a list of files'), v.minLength(1)),
        ],
        'compose must be a file or a list of files',
      ),
    ),
    env_prefix: v.optional(
      v.pipe(
        v.string('env_prefix must be a string'),
        v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env_prefix must be usable in variable names'),
      ),
    ),
    slots: v.optional(positiveInt('slots', MAX_SLOTS)),
    ports: v.pipe(
      v.record(v.string(), PortSchema, 'ports must be a mapping of name: { env, standard }'),
      v.check((r) => Object.keys(r).length > 0, 'ports must name at least one port'),
    ),
    api: v.optional(v.strictObject({ port: text('api.port') }, 'api must be a mapping like { port: api }')),
    gate: v.optional(
      v.strictObject(
        {
          timeout: v.optional(positiveInt('gate.timeout')),
          checks: v.optional(v.array(CheckSchema, 'gate.checks must be a list')),
        },
        'gate must be a mapping with timeout and checks',
      ),
    ),
    secrets: v.optional(
      v.strictObject(
        {
          provider: v.optional(v.picklist(['1password', 'env'], "provider must be '1password' or 'env'")),
          items: v.optional(
            v.strictObject(
              {
                sandbox: v.optional(text('items.sandbox')),
                'local-prod': v.optional(text('items.local-prod')),
              },
              'items must be a mapping like { sandbox: item-name, local-prod: item-name }',
            ),
          ),
          fields: v.optional(
            v.record(v.string(), text('a field'), 'fields must map 1Password fields to variables'),
          ),
        },
        'secrets must be a mapping with provider, items and fields',
      ),
    ),
    shared: v.optional(
      v.strictObject(
        {
          dirs: v.optional(
            v.array(
              v.pipe(
                v.string('a shared dir must be a string'),
                v.regex(DIR_NAME, 'a shared dir must be a plain name'),
              ),
              'shared.dirs must be a list of names',
            ),
          ),
        },
        'shared must be a mapping like { dirs: [data] }',
      ),
    ),
    shell: v.optional(
      v.strictObject({ service: text('shell.service') }, 'shell must be a mapping like { service: x }'),
    ),
    local_prod: v.optional(
      v.strictObject(
        {
          profile: v.optional(text('local_prod.profile')),
          env: v.optional(
            v.record(
              v.string(),
              v.union([v.string(), v.number(), v.boolean()], 'a local_prod.env value must be a string'),
              'local_prod.env must be a mapping of NAME: value',
            ),
          ),
        },
        'local_prod must be a mapping with profile and env',
      ),
    ),
  },
  'berth.yaml must be a mapping with at least project and ports',
);

export interface PortDef {
  /** The key under `ports:`. */
  name: string;
  /** Variable name, with {n} for a group. */
  env: string;
  standard: number;
  first: number;
  step: number;
  count: number;
}

export interface GateCheck {
  name: string;
  tcp?: string;
  http?: { port: string; path: string };
  status: number[];
  minItems?: number;
  needs?: string;
}

export interface ProjectConfig {
  /** Absolute path of berth.yaml. */
  file: string;
  /** Directory holding berth.yaml (the project root in a checkout). */
  root: string;
  project: string;
  /** Explicit compose files, or undefined to take the first default that exists. */
  compose: string[] | undefined;
  envPrefix: string;
  slots: number;
  ports: PortDef[];
  apiPort: string;
  gate: { timeout: number; checks: GateCheck[] };
  secrets: {
    provider: '1password' | 'env';
    items: { sandbox?: string; 'local-prod'?: string };
    fields: Record<string, string>;
  };
  shared: { dirs: string[] };
  shell: { service?: string };
  localProd: { profile?: string; env: Record<string, string> };
}

/** Validates a parsed berth.yaml document. */
export function parseConfig(doc: unknown, file: string, root: string): ProjectConfig {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw configError(
      `${file}: berth.yaml must be a mapping with at least project and ports`,
      'see the example in the README',
    );
  }
  const result = v.safeParse(ConfigSchema, doc);
  if (!result.success)
    throw configError(`${file}: ${describeIssue(result.issues[0]!, doc)}`, fixFor(result.issues[0]!));
  const raw = result.output;
  const fail = (key: string, message: string, hint?: string) => {
    throw configError(`${file}: ${key}: ${message}`, hint);
  };

  const ports: PortDef[] = [];
  for (const [name, p] of Object.entries(raw.ports)) {
    if (!KEY.test(name)) fail(`ports.${name}`, 'a port name must match [a-z][a-z0-9_]*');
    const count = p.count ?? 1;
    const step = p.step ?? 1;
    const templated = p.env.includes('{n}');
    if (count > 1 && !templated) {
      fail(
        `ports.${name}.env`,
        `a group of ${count} ports needs {n} in its name`,
        `e.g. env: "${p.env}_{n}"`,
      );
    }
    if (count === 1 && templated)
      fail(`ports.${name}.env`, '{n} is only for groups', 'set count, or drop {n}');
    if (count > 1 && step < count && p.first === undefined) {
      // first defaults to standard + step, which would overlap the group at slot 0
      fail(`ports.${name}`, `a group of ${count} ports needs step >= ${count} or an explicit first`);
    }
    ports.push({ name, env: p.env, standard: p.standard, first: p.first ?? p.standard + step, step, count });
  }
  const portNames = ports.map((p) => p.name);
  const portRef = (key: string, ref: string) => {
    if (!portNames.includes(ref)) {
      const guess = closest(ref, portNames);
      fail(
        key,
        `no port named '${ref}'`,
        guess ? `did you mean '${guess}'?` : `ports are: ${portNames.join(', ')}`,
      );
    }
    return ref;
  };

  const apiPort = raw.api
    ? portRef('api.port', raw.api.port)
    : portNames.includes('api')
      ? 'api'
      : portNames[0]!;

  const checks: GateCheck[] = [];
  const checkNames = (raw.gate?.checks ?? []).map((c) => c.name);
  (raw.gate?.checks ?? []).forEach((c, i) => {
    const key = `gate.checks[${i}]`;
    if ((c.tcp === undefined) === (c.http === undefined))
      fail(key, `check '${c.name}' needs exactly one of tcp or http`);
    if (checkNames.indexOf(c.name) !== i) fail(`${key}.name`, `two checks are named '${c.name}'`);
    if (c.tcp !== undefined && (c.status || c.min_items !== undefined)) {
      fail(key, `check '${c.name}' is tcp: status and min_items are for http checks`);
    }
    if (c.needs !== undefined) {
      if (!checkNames.includes(c.needs)) fail(`${key}.needs`, `no check named '${c.needs}'`);
      if (c.needs === c.name) fail(`${key}.needs`, `check '${c.name}' cannot need itself`);
    }
    const check: GateCheck = { name: c.name, status: c.status ?? [200] };
    if (c.tcp !== undefined) check.tcp = portRef(`${key}.tcp`, c.tcp);
    if (c.http) check.http = { port: portRef(`${key}.http.port`, c.http.port), path: c.http.path ?? '/' };
    if (c.min_items !== undefined) check.minItems = c.min_items;
    if (c.needs !== undefined) check.needs = c.needs;
    checks.push(check);
  });
  // `needs` must not form a cycle, or those checks could never run.
  for (const c of checks) {
    const seen = new Set<string>();
    for (let at: GateCheck | undefined = c; at?.needs; at = checks.find((x) => x.name === at!.needs)) {
      if (seen.has(at.name)) fail('gate.checks', `the needs of check '${c.name}' form a cycle`);
      seen.add(at.name);
    }
  }

  for (const [key, value] of Object.entries(raw.secrets?.fields ?? {})) {
    const target = value.startsWith('op://') ? key : value;
    if (!ENV_NAME.test(target)) {
      fail(
        `secrets.fields.${key}`,
        `'${target}' is not a variable name`,
        'write field: VARIABLE, or VARIABLE: "op://vault/item/field"',
      );
    }
    if (value.startsWith('op://') && key.startsWith('op://'))
      fail(`secrets.fields.${key}`, 'one side must be a variable name');
  }

  const dirs = raw.shared?.dirs ?? [];
  const dupDir = dirs.find((d, i) => dirs.indexOf(d) !== i);
  if (dupDir) fail('shared.dirs', `'${dupDir}' is listed twice`);

  const config: ProjectConfig = {
    file,
    root,
    project: raw.project,
    compose: raw.compose === undefined ? undefined : Array.isArray(raw.compose) ? raw.compose : [raw.compose],
    envPrefix: raw.env_prefix ?? raw.project.toUpperCase().replace(/-/g, '_'),
    slots: raw.slots ?? DEFAULT_SLOTS,
    ports,
    apiPort,
    gate: { timeout: raw.gate?.timeout ?? DEFAULT_GATE_TIMEOUT, checks },
    secrets: {
      provider: raw.secrets?.provider ?? '1password',
      items: raw.secrets?.items ?? {},
      fields: raw.secrets?.fields ?? {},
    },
    shared: { dirs },
    shell: raw.shell ?? {},
    localProd: {
      ...(raw.local_prod?.profile ? { profile: raw.local_prod.profile } : {}),
      env: Object.fromEntries(Object.entries(raw.local_prod?.env ?? {}).map(([k, val]) => [k, String(val)])),
    },
  };
  for (const key of Object.keys(config.localProd.env)) {
    if (!ENV_NAME.test(key)) fail(`local_prod.env.${key}`, 'not a valid variable name');
  }
  return config;
}

type Issue = v.BaseIssue<unknown>;

function issuePath(issue: Issue): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

const KNOWN_KEYS: Record<string, string[]> = {
  '': [
    'project',
    'compose',
    'env_prefix',
    'slots',
    'ports',
    'api',
    'gate',
    'secrets',
    'shared',
    'shell',
    'local_prod',
  ],
  port: ['env', 'standard', 'first', 'step', 'count'],
  check: ['name', 'tcp', 'http', 'status', 'min_items', 'needs'],
  http: ['port', 'path'],
  gate: ['timeout', 'checks'],
  secrets: ['provider', 'items', 'fields'],
  items: ['sandbox', 'local-prod'],
  shared: ['dirs'],
  shell: ['service'],
  local_prod: ['profile', 'env'],
  api: ['port'],
};

function describeIssue(issue: Issue, _doc: unknown): string {
  const path = issuePath(issue);
  if (issue.kind === 'schema' && issue.type === 'strict_object' && issue.expected === 'never') {
    const key = path.split(/[.[]/).pop() ?? path;
    return `${path}: unknown key '${key}'`;
  }
  if (path && (issue.type === 'object' || issue.type === 'strict_object')) {
    if (issue.received === 'undefined') return `${path}: is required`;
  }
  return path ? `${path}: ${issue.message}` : issue.message;
}

function fixFor(issue: Issue): string | undefined {
  if (!(issue.kind === 'schema' && issue.type === 'strict_object' && issue.expected === 'never'))
    return undefined;
  const path = issuePath(issue);
  const parts = path.split('.');
  const key = parts.pop()!.replace(/\[\d+\]$/, '');
  const parent = parts.join('.');
  const family = !parent
    ? ''
    : parent.startsWith('ports.')
      ? 'port'
      : /^gate\.checks\[\d+\]$/.test(parent)
        ? 'check'
        : parent.endsWith('.http')
          ? 'http'
          : (parent.split('.').pop() ?? '');
  const known = KNOWN_KEYS[family] ?? [];
  const guess = closest(key, known);
  return guess
    ? `did you mean '${guess}'?`
    : known.length
      ? `known keys here: ${known.join(', ')}`
      : undefined;
}
