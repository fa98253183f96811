import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testConfigYaml } from '../helpers/config.js';
import { exampleDir, repoRoot } from '../helpers/paths.js';
import { useWorkspace } from '../helpers/workspace.js';

// The library as a consumer gets it: the built ESM bundle.
const lib = () =>
  import(pathToFileURL(join(repoRoot, 'dist', 'lib', 'index.js')).href) as Promise<
    typeof import('../../src/index.js')
  >;

describe('the library entry point', () => {
  const workspace = useWorkspace();

  it('offers the seed API in TypeScript naming', async () => {
    const berth = await lib();
    const { config } = await berth.openProject(exampleDir, {});
    expect(berth.getPorts(config, 2).KTRDR_WORKER_PORT_4).toBe(5020);
    expect((await berth.getEffectiveApiUrl({ cwd: exampleDir })).url).toBe('http://localhost:8000');
    expect((await berth.getEffectiveApiUrl({ cwd: exampleDir, port: 8005 })).url).toBe(
      'http://localhost:8005',
    );
  });

  it('registers, allocates and cleans through the registry functions', async () => {
    const berth = await lib();
    const ws = workspace();
    const dir = ws.gitRepo('demo--lib', { 'berth.yaml': testConfigYaml({ base: 27000 }) });
    const env = { BERTH_HOME: ws.home };
    const project = await berth.openProject(dir, env);
    expect(berth.allocateNextSlot(project.registryFile, 10)).toBe(1);
    const init = await berth.initInstance({ cwd: dir, env, flavor: 'sandbox', slot: '2' });
    expect(init.instance).toMatchObject({ instance_id: 'demo--lib', slot: 2 });
    expect(berth.getAllocatedSlots(project.registryFile)).toEqual([2]);
    expect(await berth.checkPortsAvailable(project.config, 2)).toEqual([]);
    await berth.addInstance(project.registryFile, {
      instance_id: 'demo--ghost',
      slot: 3,
      path: join(ws.root, 'gone'),
      is_worktree: false,
      parent_repo: null,
      created_at: new Date().toISOString(),
    });
    await expect(
      berth.addInstance(project.registryFile, { ...init.instance, instance_id: 'demo--dup' }),
    ).rejects.toThrow('slot 2 is already taken');
    const stale = await berth.cleanStaleEntries(project.registryFile);
    expect(stale.map((i) => i.instance_id)).toEqual(['demo--ghost']);
    expect(berth.getLocalProd(project.registryFile)).toBeNull();
    expect(await berth.removeInstance(project.registryFile, 'demo--lib')).toBe(true);
    expect(berth.loadRegistry(project.registryFile).instances).toEqual({});
  });
});
