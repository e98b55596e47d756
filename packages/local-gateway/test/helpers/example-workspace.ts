import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureWorkspace } from './fixture-workspace.ts';

const repoApps = fileURLToPath(new URL('../../../../apps', import.meta.url));

/**
 * A fresh workspace holding the repository's own example apps (`orders`, `users`: manifests and
 * handlers as a clone has them, without their tests and CDK apps), wired like a fixture workspace.
 */
export function exampleWorkspace(apps: readonly string[] = ['orders', 'users']): string {
  const root = fixtureWorkspace([]);
  for (const app of apps) {
    for (const part of ['app.config.ts', 'package.json', 'src']) {
      cpSync(join(repoApps, app, part), join(root, 'apps', app, part), { recursive: true, filter: (source) => !source.endsWith('.test.ts') });
    }
  }
  return root;
}
