import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureWorkspace } from './fixture-workspace.ts';

const repoApps = fileURLToPath(new URL('../../../../apps', import.meta.url));
const packageModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * A fresh workspace holding the repository's own example apps (`orders`, `users`: manifests and
 * handlers as a clone has them, without their tests and CDK apps), wired like a fixture workspace.
 */
export function exampleWorkspace(apps: readonly string[] = ['orders', 'users']): string {
  const root = fixtureWorkspace([]);
  for (const app of apps) {
    for (const part of ['app.config.ts', 'package.json', 'src']) {
      cpSync(join(repoApps, app, part), join(root, 'apps', app, part), {
        recursive: true,
        filter: (source) => !source.endsWith('.test.ts'),
      });
    }
  }
  // orders reads and writes its table with the AWS SDK, as its own package.json provides it.
  mkdirSync(join(root, 'node_modules', '@aws-sdk'), { recursive: true });
  symlinkSync(join(packageModules, '@aws-sdk', 'client-dynamodb'), join(root, 'node_modules', '@aws-sdk', 'client-dynamodb'));
  return root;
}
