import { existsSync } from 'node:fs';
import { commands, groups } from '../cli/commands.js';
import type { CommandHandler } from '../cli/context.js';
import type { ProjectConfig } from '../core/config.js';
import { findById, findByPath } from '../core/registry.js';
import { enclosingCheckout } from '../infra/checkout.js';
import { findConfigFile, loadConfigFile } from '../infra/config-loader.js';
import { berthHome, registryFile } from '../infra/home.js';
import { readRegistry } from '../infra/registry-store.js';

/**
 * `berth __complete WORD... CURRENT`: completion candidates, one per line, for
 * the shell scripts of `berth completion`. Never fails: any problem means
 * fewer candidates.
 */
export const run: CommandHandler = async (args, ctx) => {
  const words = args.positionals;
  const current = words.length ? words[words.length - 1]! : '';
  const before = words.slice(0, -1);
  let candidates: string[] = [];
  try {
    candidates = await candidatesFor(before, ctx.cwd, ctx.env);
  } catch {
    candidates = [];
  }
  return { text: candidates.filter((c) => c.startsWith(current)).join('\n') };
};

async function candidatesFor(before: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const top = [
    ...groups.map((g) => g.name),
    ...commands.filter((c) => c.path.length === 1).map((c) => c.path[0]!),
  ];
  if (before.length === 0) return [...top, '--help', '--version'];
  const [first, second] = before;
  const inGroup = groups.some((g) => g.name === first);
  if (inGroup && before.length === 1)
    return commands.filter((c) => c.path[0] === first).map((c) => c.path[1]!);
  const def = commands.find((c) =>
    inGroup ? c.path[0] === first && c.path[1] === second : c.path.length === 1 && c.path[0] === first,
  );
  if (!def) return [];
  const last = before[before.length - 1]!;
  const flags = [...Object.keys(def.options ?? {}).map((k) => `--${k}`), '--help'];
  const file = findConfigFile(cwd);
  const config = file ? await loadConfigFile(file) : undefined;
  if (last === '--slot' || (def.path[0] === 'ports' && !last.startsWith('-') && before.length === 1)) {
    const slots = config ? Array.from({ length: config.slots + 1 }, (_, i) => String(i)) : [];
    return last === '--slot' ? slots.filter((s) => s !== '0') : [...slots, ...flags];
  }
  if (def.args === '[SERVICE]') return [...servicesHere(def.path[0] as string, cwd, env, config), ...flags];
  if (def.args === '[ID]') return [...instanceIds(env, config), ...flags];
  if (def.path[0] === 'completion') return ['bash', 'zsh', 'fish'];
  return flags;
}

function instanceIds(env: NodeJS.ProcessEnv, config: ProjectConfig | undefined): string[] {
  if (!config) return [];
  const file = registryFile(berthHome(config.project, env));
  if (!existsSync(file)) return [];
  const registry = readRegistry(file);
  return [registry.local_prod?.instance_id, ...Object.keys(registry.instances)].filter(
    (x): x is string => !!x,
  );
}

/** The services of this instance, as recorded at its last `up`. */
function servicesHere(
  flavor: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  config: ProjectConfig | undefined,
): string[] {
  if (!config) return [];
  const file = registryFile(berthHome(config.project, env));
  if (!existsSync(file)) return [];
  const registry = readRegistry(file);
  const instance =
    flavor === 'local-prod'
      ? registry.local_prod && findById(registry, registry.local_prod.instance_id)
      : (() => {
          const checkout = enclosingCheckout(cwd);
          return checkout ? findByPath(registry, checkout.root) : undefined;
        })();
  return instance && Array.isArray(instance.services) ? (instance.services as string[]) : [];
}
