import type { ProjectConfig } from '../core/config.js';
import type { FlavorRules } from '../core/flavor.js';
import { type OpFailure, opItemFields, opRead } from '../infra/op.js';

/**
 * Secrets for `up` (SPEC §5). Values go only into the environment of the
 * docker compose process. Anything that goes wrong is one warning, and `up`
 * carries on with the compose file's defaults.
 */
export interface SecretsResult {
  values: Record<string, string>;
  warnings: string[];
}

export interface SecretMapping {
  /** Field label (or id) in the flavor's item, or an op:// reference. */
  source: string;
  env: string;
}

/** `fields:` entries: `field: ENV`, `"op://v/i/f": ENV`, or `ENV: "op://v/i/f"`. */
export function secretMappings(config: ProjectConfig): SecretMapping[] {
  return Object.entries(config.secrets.fields).map(([key, value]) =>
    value.startsWith('op://') ? { source: value, env: key } : { source: key, env: value },
  );
}

function describeFailure(failure: OpFailure, what: string): string {
  switch (failure.kind) {
    case 'missing':
      return `1Password CLI (op) is not installed; ${what} use the compose file's defaults (install op, or pass --no-secrets)`;
    case 'signed-out':
      return `1Password CLI is not signed in; ${what} use the compose file's defaults (run: eval $(op signin))`;
    case 'no-item':
      return `1Password: ${failure.message}; ${what} use the compose file's defaults`;
    default:
      return `1Password: ${failure.message}; ${what} use the compose file's defaults`;
  }
}

export async function fetchSecrets(
  config: ProjectConfig,
  rules: FlavorRules,
  env: NodeJS.ProcessEnv,
): Promise<SecretsResult> {
  const mappings = secretMappings(config);
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  if (mappings.length === 0) return { values, warnings };

  if (config.secrets.provider === 'env') {
    const missing = mappings.filter((m) => env[m.env] === undefined).map((m) => m.env);
    for (const m of mappings) if (env[m.env] !== undefined) values[m.env] = env[m.env]!;
    if (missing.length)
      warnings.push(
        `secrets provider env: ${missing.join(', ')} not set; they use the compose file's defaults`,
      );
    return { values, warnings };
  }

  const fromItem = mappings.filter((m) => !m.source.startsWith('op://'));
  const refs = mappings.filter((m) => m.source.startsWith('op://'));
  if (fromItem.length) {
    const item = rules.secretsItem;
    if (!item) {
      warnings.push(
        `berth.yaml names no 1Password item for ${rules.flavor} (secrets.items.${rules.flavor}); ${fromItem.map((m) => m.env).join(', ')} use the compose file's defaults`,
      );
    } else {
      const res = await opItemFields(item, env);
      if (!res.ok) {
        warnings.push(describeFailure(res.failure, 'all secrets'));
        return { values, warnings };
      }
      const missing: string[] = [];
      for (const m of fromItem) {
        const field =
          res.fields.find((f) => f.label === m.source) ?? res.fields.find((f) => f.id === m.source);
        if (field?.value === undefined || field.value === '') missing.push(m.source);
        else values[m.env] = field.value;
      }
      if (missing.length) {
        warnings.push(
          `1Password item ${item} has no field ${missing.join(', ')}; ${missing.length === 1 ? 'it uses' : 'they use'} the compose file's defaults`,
        );
      }
    }
  }
  for (const m of refs) {
    const res = await opRead(m.source, env);
    if (res.ok) values[m.env] = res.value;
    else {
      warnings.push(describeFailure(res.failure, `${m.env} (${m.source}) and the rest`));
      if (res.failure.kind === 'missing' || res.failure.kind === 'signed-out') break;
    }
  }
  return { values, warnings };
}

/** Replaces every secret value in text that berth relays (compose output, logs, errors). */
export function maskSecrets(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) {
    if (v.length >= 3) out = out.split(v).join('********');
  }
  return out;
}
