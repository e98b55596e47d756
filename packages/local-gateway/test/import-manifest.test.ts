import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManifestError } from '@frontdesk/gateway-core';
import { loadManifest } from '@frontdesk/gateway-core/workspace';
import { describe, expect, it } from 'vitest';
import { manifestImporter } from '../src/workspace/import-manifest.ts';
import { fixtureWorkspace } from './helpers/fixture-workspace.ts';

/** A manifest file in a fresh workspace whose node_modules links gateway-core, as a clone's does. */
function manifestFile(source: string, app = 'probe'): string {
  const root = fixtureWorkspace([]);
  importers.set(join(root, 'apps', app, 'app.config.ts'), manifestImporter(root));
  const dir = join(root, 'apps', app);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'app.config.ts'), source);
  return join(dir, 'app.config.ts');
}

const importers = new Map<string, (file: string, fresh: boolean) => Promise<unknown>>();
/** Imports a manifest written by manifestFile() through its workspace's importer. */
const importManifest = (file: string, fresh: boolean) => {
  const importer = importers.get(file);
  if (!importer) throw new Error(`${file} was not written by manifestFile()`);
  return importer(file, fresh);
};

const VALID = `import { defineApp } from '@frontdesk/gateway-core';
import type { AppManifestInput } from '@frontdesk/gateway-core';
const routes: AppManifestInput['routes'] = { 'GET /': { auth: 'public', reason: 'Probes call it without credentials.' } };
export default defineApp({ name: 'probe', owner: 'team-probe', basePath: 'probe', routes });
`;

describe('app manifests compiled by esbuild (pnpm dev runs without a TypeScript loader)', () => {
  it('loads a TypeScript manifest and validates it as the CDK loader does', async () => {
    const manifest = await loadManifest(manifestFile(VALID), { importModule: importManifest });
    expect(manifest).toMatchObject({ name: 'probe', basePath: 'probe' });
  });

  it("shares the dev server's own gateway-core: a rejected manifest throws the ManifestError it knows", async () => {
    const file = manifestFile(VALID.replace("basePath: 'probe'", "basePath: '/probe/'"));
    const error = await loadManifest(file, { importModule: importManifest }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ManifestError);
  });

  it('reports a package that does not resolve as Node would, with the hint to run pnpm install', async () => {
    const file = manifestFile(VALID.replace("'@frontdesk/gateway-core';\nimport type", "'@frontdesk/not-linked-yet';\nimport type"));
    const error = (await loadManifest(file, { importModule: importManifest }).catch((thrown: unknown) => thrown)) as Error & {
      cause?: { code?: string };
    };
    expect(error.message).toMatch(/Cannot find package '@frontdesk\/not-linked-yet' imported from .*app\.config\.ts.* run `pnpm install`/s);
    expect(error.cause?.code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('reports a syntax error with its location', async () => {
    const file = manifestFile(`${VALID}export const broken = ;\n`);
    await expect(importManifest(file, false)).rejects.toThrow(/app\.config\.ts:5:\d+: Unexpected ";"/);
  });

  it('compiles what the manifest imports with it, and re-evaluates it when asked for a fresh copy', async () => {
    const file = manifestFile(
      VALID.replace(
        "const routes: AppManifestInput['routes'] =",
        "import { bump } from './src/count.ts';\nbump();\nconst routes: AppManifestInput['routes'] =",
      ),
    );
    writeFileSync(
      join(file, '..', 'src', 'count.ts'),
      'export function bump(): void {\n  const g = globalThis as { probeLoads?: number };\n  g.probeLoads = (g.probeLoads ?? 0) + 1;\n}\n',
    );
    const loads = () => (globalThis as { probeLoads?: number }).probeLoads ?? 0;
    const before = loads();
    await importManifest(file, true);
    await importManifest(file, true);
    expect(loads()).toBe(before + 2);
  });

  it('gives import.meta the manifest file, as importing it directly would', async () => {
    const file = manifestFile(`${VALID}export const where = { dirname: import.meta.dirname, url: import.meta.url };\n`);
    const module = (await importManifest(file, false)) as { where: { dirname: string; url: string } };
    expect(module.where).toEqual({ dirname: join(file, '..'), url: `file://${file}` });
  });

  it('gives a module the manifest imports its own import.meta, as Node and synth do', async () => {
    const file = manifestFile(
      VALID.replace('import type', "import { helperWhere } from './sub/helper.ts';\nexport { helperWhere };\nimport type"),
    );
    const helper = join(file, '..', 'sub', 'helper.ts');
    mkdirSync(join(helper, '..'), { recursive: true });
    writeFileSync(helper, 'export const helperWhere = { dirname: import.meta.dirname, url: import.meta.url };\n');
    const module = (await importManifest(file, false)) as { helperWhere: { dirname: string; url: string } };
    expect(module.helperWhere).toEqual({ dirname: join(helper, '..'), url: pathToFileURL(helper).href });
  });

  it('reuses a compiled manifest after a restart while its sources hash the same, and recompiles after an edit', async () => {
    const file = manifestFile(
      VALID.replace('import type', "import { flavour } from './src/flavour.ts';\nexport { flavour };\nimport type"),
    );
    const helper = join(file, '..', 'src', 'flavour.ts');
    writeFileSync(helper, "export const flavour = 'first';\n");
    const root = join(file, '..', '..', '..');
    const compiled = () =>
      readdirSync(join(root, '.frontdesk', 'cache', 'manifests'), { recursive: true }).filter((name) => String(name).endsWith('.mjs'));
    expect(((await importManifest(file, false)) as { flavour: string }).flavour).toBe('first');
    const restarted = manifestImporter(root);
    expect(((await restarted(file, true)) as { flavour: string }).flavour).toBe('first');
    expect(compiled()).toHaveLength(1);
    writeFileSync(helper, "export const flavour = 'second';\n");
    expect(((await restarted(file, true)) as { flavour: string }).flavour).toBe('second');
    expect(compiled()).toHaveLength(2);
  });
});
