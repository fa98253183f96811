/**
 * Every command as data: its name, help and options, and the name of the
 * module that implements it. main loads that module only when the command
 * runs, so `--help`, `--version` and cheap commands load almost nothing.
 */

export interface OptionDef {
  type: 'boolean' | 'string';
  short?: string;
  /** Placeholder shown in help for a string option, e.g. `N`. */
  value?: string;
  description: string;
}

export interface CommandDef {
  path: readonly string[];
  summary: string;
  /** Arguments after the command path, as shown in usage, e.g. `NAME`. */
  args?: string;
  /** Bounds on positional arguments. */
  positionals?: { min: number; max: number };
  options?: Record<string, OptionDef>;
  description?: string;
  examples?: readonly string[];
  /** Implementation module (src/commands/<module>.ts). */
  module: string;
  /** Static data handed to the implementation (e.g. the flavor). */
  data?: Record<string, string>;
  /**
   * Engine queries main starts before the implementation loads, so the engine
   * answers while node compiles it: `containers` = every compose container.
   */
  prefetch?: 'containers';
}

export interface GroupDef {
  name: string;
  summary: string;
}

const json: Record<string, OptionDef> = {
  json: { type: 'boolean', description: 'print one JSON document on stdout and nothing else' },
};

const upOptions: Record<string, OptionDef> = {
  'no-wait': { type: 'boolean', description: 'start the containers and return without running the gate' },
  build: { type: 'boolean', description: 'build images before starting' },
  timeout: {
    type: 'string',
    value: 'S',
    description: 'gate timeout in seconds (default from berth.yaml, 120)',
  },
  'no-secrets': { type: 'boolean', description: 'do not fetch secrets; use the compose file defaults' },
  ...json,
};

const logsOptions: Record<string, OptionDef> = {
  follow: { type: 'boolean', short: 'f', description: 'keep streaming new log lines' },
  tail: { type: 'string', value: 'N', description: 'lines from the end of each log (default 100)' },
};

export const groups: readonly GroupDef[] = [
  {
    name: 'sandbox',
    summary: 'sandboxes: one isolated copy of the stack per clone or worktree (slots 1..N)',
  },
  { name: 'local-prod', summary: 'the singleton local-prod instance on the standard ports (slot 0)' },
];

function lifecycle(flavor: 'sandbox' | 'local-prod'): CommandDef[] {
  const data = { flavor };
  const what = flavor === 'sandbox' ? 'this sandbox' : 'local-prod';
  return [
    {
      path: [flavor, 'up'],
      summary: `start ${what} and wait until it is healthy`,
      options: upOptions,
      module: 'up',
      data,
      examples: [`berth ${flavor} up`, `berth ${flavor} up --build --timeout 300`],
    },
    {
      path: [flavor, 'down'],
      summary: `stop the containers of ${what}`,
      options: { volumes: { type: 'boolean', description: 'also remove its volumes' }, ...json },
      module: 'down',
      data,
      examples: [`berth ${flavor} down`, `berth ${flavor} down --volumes   # also drops the databases`],
    },
    {
      path: [flavor, 'destroy'],
      summary:
        flavor === 'sandbox'
          ? 'stop, remove volumes, unregister, and remove the worktree berth created'
          : 'stop, remove volumes and unregister local-prod (the clone is kept)',
      options: {
        ...(flavor === 'sandbox'
          ? { 'keep-worktree': { type: 'boolean', description: 'keep the worktree directory' } as OptionDef }
          : {}),
        force: { type: 'boolean', description: 'do not ask; also destroy a worktree with unsaved work' },
      },
      module: 'destroy',
      data,
      examples:
        flavor === 'sandbox'
          ? ['berth sandbox destroy', 'berth sandbox destroy --force --keep-worktree']
          : ['berth local-prod destroy', 'berth local-prod destroy --force'],
    },
    {
      path: [flavor, 'status'],
      summary: `show ${what}: slot, state of each service, URLs, shared data`,
      args: '[ID]',
      positionals: { min: 0, max: 1 },
      description: `With ID, shows that instance (any flavor) instead of ${what}. Reading only: it changes nothing.`,
      options: {
        check: { type: 'boolean', description: 'also run the health gate now; exit 2 if it fails' },
        timeout: {
          type: 'string',
          value: 'S',
          description: 'gate timeout in seconds with --check (default from berth.yaml)',
        },
        ...json,
      },
      examples: [
        `berth ${flavor} status`,
        `berth ${flavor} status --check --timeout 10`,
        `berth ${flavor} status --json`,
        `berth ${flavor} status ktrdr--stream-b`,
      ],
      module: 'status',
      data,
    },
    {
      path: [flavor, 'logs'],
      summary: `show the logs of ${what}`,
      args: '[SERVICE]',
      positionals: { min: 0, max: 1 },
      options: logsOptions,
      module: 'logs',
      data,
      examples: [
        `berth ${flavor} logs`,
        `berth ${flavor} logs backend --follow`,
        `berth ${flavor} logs db --tail 20`,
      ],
    },
    {
      path: [flavor, 'shell'],
      summary: 'open a shell in a service (bash, falling back to sh)',
      args: '[SERVICE]',
      positionals: { min: 0, max: 1 },
      module: 'shell',
      data,
      examples: [
        `berth ${flavor} shell`,
        `berth ${flavor} shell db`,
        `echo 'ls /app' | berth ${flavor} shell backend`,
      ],
    },
  ];
}

export const commands: readonly CommandDef[] = [
  {
    path: ['sandbox', 'init'],
    summary: 'register this checkout as a sandbox: allocate a slot, write .env.sandbox',
    options: {
      slot: { type: 'string', value: 'N', description: 'take slot N instead of the lowest free one' },
      name: { type: 'string', value: 'ID', description: 'name the instance (default: the directory name)' },
    },
    module: 'init',
    data: { flavor: 'sandbox' },
    description:
      'Run at the top of a clone or worktree of the project. The id is <project>--<slug>; it is also the compose project name. Running it again in a registered checkout changes nothing.',
    examples: ['berth sandbox init', 'berth sandbox init --slot 3 --name stream-b'],
  },
  {
    path: ['sandbox', 'create'],
    summary: 'create a git worktree <project>--NAME next to this checkout and register it',
    args: 'NAME',
    positionals: { min: 1, max: 1 },
    options: {
      branch: { type: 'string', value: 'B', description: 'branch to check out (created from HEAD if new)' },
      slot: { type: 'string', value: 'N', description: 'take slot N instead of the lowest free one' },
    },
    module: 'create',
    examples: ['berth sandbox create stream-b', 'berth sandbox create fix-login --branch fix/login'],
  },
  ...lifecycle('sandbox'),
  {
    path: ['sandbox', 'list'],
    summary: 'list every instance (both flavors) with slot, status, URL and path',
    options: json,
    module: 'list',
    prefetch: 'containers',
    examples: ['berth sandbox list', 'berth sandbox list --json'],
  },
  {
    path: ['sandbox', 'init-shared'],
    summary: 'create the shared data dirs in the berth home and fill them',
    options: {
      from: { type: 'string', value: 'PATH', description: 'copy from PATH/<dir> instead of ./<dir>' },
      minimal: { type: 'boolean', description: 'only create the empty dirs' },
    },
    module: 'init-shared',
    examples: [
      'berth sandbox init-shared',
      'berth sandbox init-shared --from ~/datasets',
      'berth sandbox init-shared --minimal',
    ],
    description: 'Copies only files that do not exist yet: existing shared data is never overwritten.',
  },
  {
    path: ['sandbox', 'clean'],
    summary: 'drop registry entries whose directory is gone, and remove orphaned compose projects',
    options: { 'dry-run': { type: 'boolean', description: 'only say what would be removed' }, ...json },
    module: 'clean',
    examples: ['berth sandbox clean --dry-run', 'berth sandbox clean'],
  },
  {
    path: ['local-prod', 'init'],
    summary: 'register this clone as local-prod (slot 0, the standard ports)',
    module: 'init',
    data: { flavor: 'local-prod' },
    examples: ['git clone <repo> ~/src/ktrdr-prod && cd ~/src/ktrdr-prod && berth local-prod init'],
    description: 'Requires a clone (not a worktree). There is only one local-prod.',
  },
  ...lifecycle('local-prod'),
  {
    path: ['ports'],
    summary: 'print the port table of a slot, or of the current instance',
    args: '[SLOT]',
    positionals: { min: 0, max: 1 },
    options: json,
    module: 'ports',
    examples: ['berth ports', 'berth ports 2', 'berth ports 2 --json'],
  },
  {
    path: ['url'],
    summary: 'print the effective API URL (from --url, --port, .env.sandbox, or the standard port)',
    options: {
      url: { type: 'string', value: 'U', description: 'use this URL' },
      port: { type: 'string', value: 'P', description: 'use http://localhost:P' },
    },
    module: 'url',
    examples: ['berth url', 'curl "$(berth url)/api/v1/health"'],
  },
  {
    path: ['completion'],
    summary: 'print the shell completion script for bash, zsh or fish',
    args: 'SHELL',
    positionals: { min: 1, max: 1 },
    module: 'completion',
    examples: [
      'eval "$(berth completion bash)"   # in ~/.bashrc',
      'eval "$(berth completion zsh)"    # in ~/.zshrc, after compinit',
      'berth completion fish > ~/.config/fish/completions/berth.fish',
    ],
  },
  {
    path: ['doctor'],
    summary: 'check the engine, compose, 1Password, the registry and port conflicts',
    options: json,
    module: 'doctor',
    examples: ['berth doctor', 'berth doctor --json | jq .findings'],
  },
];
