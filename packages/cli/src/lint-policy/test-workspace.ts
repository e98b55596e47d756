import { fileURLToPath } from 'node:url';
import { appConfigSource, tempWorkspace } from '@frontdesk/test-support';

const manifestModule = fileURLToPath(import.meta.resolve('@frontdesk/gateway-core'));

/** A throwaway Frontdesk workspace: `apps` maps an app folder name to its defineApp() argument (as source). */
export function testWorkspace(apps: Record<string, string>, extra: Record<string, string> = {}): string {
  const files: Record<string, string> = { 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n', ...extra };
  for (const [name, manifest] of Object.entries(apps)) files[`apps/${name}/app.config.ts`] = appConfigSource(manifestModule, manifest);
  return tempWorkspace('policy', files);
}

export const ORDERS = `{ name: 'orders', owner: 'team-orders', basePath: 'orders', routes: { 'GET /{id}': { scopes: ['orders:read'] } } }`;
