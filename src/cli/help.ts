import { renderTable } from '../ui/table.js';
import { type CommandDef, commands, groups } from './commands.js';

export function topHelp(version: string): string {
  const rows = (list: readonly CommandDef[]) => list.map((c) => [`  ${c.path.join(' ')}`, c.summary]);
  const out = [
    `berth ${version}: many isolated copies of one Docker Compose stack, side by side, one slot of ports each`,
    '',
    'Usage: berth <command> [options]',
    '',
  ];
  for (const group of groups) {
    out.push(`${group.name}: ${group.summary}`);
    out.push(renderTable(null, rows(commands.filter((c) => c.path[0] === group.name))));
  }
  out.push('anywhere:');
  out.push(renderTable(null, rows(commands.filter((c) => c.path.length === 1))));
  out.push(
    'Options: -h, --help (on any command), -V, --version',
    "Run 'berth <command> --help' for a command's options and examples.",
    '',
  );
  return out.join('\n');
}

export function groupHelp(group: string): string {
  const def = groups.find((g) => g.name === group);
  const list = commands.filter((c) => c.path[0] === group);
  return [
    `berth ${group}: ${def?.summary ?? ''}`,
    '',
    `Usage: berth ${group} <command> [options]`,
    '',
    renderTable(
      null,
      list.map((c) => [`  ${c.path.slice(1).join(' ')}`, c.summary]),
    ),
    `Run 'berth ${group} <command> --help' for details.`,
    '',
  ].join('\n');
}

export function commandHelp(def: CommandDef): string {
  const name = `berth ${def.path.join(' ')}`;
  const options = Object.entries(def.options ?? {}).map(([key, opt]) => [
    `  ${opt.short ? `-${opt.short}, ` : ''}--${key}${opt.value ? ` ${opt.value}` : ''}`,
    opt.description,
  ]);
  options.push(['  -h, --help', 'show this help']);
  const usageOptions = Object.entries(def.options ?? {})
    .map(([key, opt]) => `[--${key}${opt.value ? ` ${opt.value}` : ''}]`)
    .join(' ');
  const out = [
    `${name}: ${def.summary}`,
    '',
    `Usage: ${[name, def.args, usageOptions].filter(Boolean).join(' ')}`,
  ];
  if (def.description) out.push('', def.description);
  out.push('', 'Options:', renderTable(null, options).trimEnd());
  if (def.examples?.length) out.push('', 'Examples:', ...def.examples.map((e) => `  ${e}`));
  out.push('');
  return out.join('\n');
}
