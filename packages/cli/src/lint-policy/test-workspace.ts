import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const manifestModule = fileURLToPath(new URL('../../../gateway-core/src/manifest/index.ts', import.meta.url));

/** A throwaway Frontdesk workspace: `apps` maps an app folder name to its defineApp() argument (as source). */
export function testWorkspace(apps: Record<string, string>, extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'frontdesk-policy-'));
  const files: Record<string, string> = { 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n', ...extra };
  for (const [name, manifest] of Object.entries(apps)) {
    files[`apps/${name}/app.config.ts`] =
      `import { defineApp } from ${JSON.stringify(manifestModule)};\nexport default defineApp(${manifest});\n`;
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export const ORDERS = `{ name: 'orders', owner: 'team-orders', basePath: 'orders', routes: { 'GET /{id}': { scopes: ['orders:read'] } } }`;
