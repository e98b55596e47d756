import { fileURLToPath } from 'node:url';
import { tempWorkspace } from '@frontdesk/test-support';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from './load.ts';

const manifestModule = fileURLToPath(new URL('../manifest/index.ts', import.meta.url));

const workspaceWith = (files: Record<string, string>): string => tempWorkspace('ws', files);

describe('loadWorkspace', () => {
  it('loads good manifests and reports broken ones beside them without throwing', async () => {
    const root = workspaceWith({
      'apps/good/app.config.ts': `import { defineApp } from ${JSON.stringify(manifestModule)};
export default defineApp({ name: 'good', owner: 'team-a', basePath: 'good', routes: { 'GET /': { scopes: [] } } });`,
      'apps/bad/app.config.ts': `import { defineApp } from ${JSON.stringify(manifestModule)};
export default defineApp({ name: 'bad', owner: 'team-a', basePath: '/bad', routes: { 'GET /': { scopes: [] } } });`,
      'apps/nodefault/app.config.ts': 'export const x = 1;',
      'apps/noconfig/README.md': 'not an app',
    });
    const { apps, broken } = await loadWorkspace(root);
    expect(apps.map((app) => app.manifest.name)).toEqual(['good']);
    expect(broken.map((app) => app.manifestFile).sort()).toEqual(['apps/bad/app.config.ts', 'apps/nodefault/app.config.ts']);
    expect(broken.find((app) => app.manifestFile.includes('bad/'))?.error.message).toMatch(/app "bad"[\s\S]*basePath/);
    expect(broken.find((app) => app.manifestFile.includes('nodefault'))?.error.message).toContain('has no default export');
  });

  it('says to run pnpm install when a manifest imports a package that is not linked yet', async () => {
    const root = workspaceWith({
      'apps/billing/app.config.ts': "import { defineApp } from '@frontdesk/not-linked-yet';\nexport default defineApp({});",
    });
    const { broken } = await loadWorkspace(root);
    expect(broken[0]?.error.message).toMatch(
      /Cannot find package '@frontdesk\/not-linked-yet'.* — the app is not linked into the workspace yet: run `pnpm install` \(pnpm create-app --no-install skips it\)$/s,
    );
  });
});
