import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORDERS, testWorkspace } from './test-workspace.ts';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const gatewayCore = fileURLToPath(new URL('../../../gateway-core', import.meta.url));

/**
 * A throwaway workspace with one deployable app, `apps/billing`: its manifest, a cdk.json and the
 * files given (`bin/app.ts` and whatever it imports), resolving aws-cdk-lib and gateway-core
 * through a `node_modules` linked to this repository's, as pnpm would.
 */
export function deployableWorkspace(files: Record<string, string>, cdkJson: Record<string, unknown> = { app: 'tsx bin/app.ts' }): string {
  const manifest = ORDERS.replace("name: 'orders'", "name: 'billing'")
    .replace("basePath: 'orders'", "basePath: 'billing'")
    .replace('orders:read', 'billing:read');
  const root = testWorkspace(
    { billing: manifest },
    { '.github/CODEOWNERS': '/apps/billing/ @team-orders\n', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" },
  );
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@frontdesk'), { recursive: true });
  for (const name of ['aws-cdk-lib', 'constructs']) symlinkSync(join(packageDir, 'node_modules', name), join(modules, name));
  symlinkSync(gatewayCore, join(modules, '@frontdesk/gateway-core'));
  const all: Record<string, string> = {
    'cdk.json': JSON.stringify(cdkJson),
    'src/handler.ts': 'export const handler = async () => ({});\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(root, 'apps/billing', path, '..'), { recursive: true });
    writeFileSync(join(root, 'apps/billing', path), text);
  }
  return root;
}

/** `bin/app.ts` as `pnpm create-app` writes it, with `extra` lines appended after the stack. */
export function binApp(extra = '', imports = ''): string {
  return `import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { resolveStage } from '@frontdesk/gateway-core';
import { AppStack, appStackName } from '@frontdesk/gateway-core/cdk';
import manifest from '../app.config.ts';
${imports}
const stage = resolveStage(process.env.STAGE);
const stack = new AppStack(new App(), appStackName(stage, manifest.name), {
  api: { manifest, appDir: fileURLToPath(new URL('..', import.meta.url)), stage },
});
${extra}
`;
}
