import { join } from 'node:path';
import { tempWorkspace } from '@frontdesk/test-support';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { defineApp } from '../../manifest/define-app.ts';
import { resolveStage } from '../../stage.ts';
import { AppStack } from '../app-stack.ts';
import type { StackExtension } from '../extension/define-stack.ts';

/** An app folder in a throwaway workspace (NodejsFunction wants the entry and a lock file). */
function tablesAppDir(): string {
  const root = tempWorkspace('tables', {
    'pnpm-workspace.yaml': 'packages: [apps/*]\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'apps/shop/src/handler.ts': 'export const handler = async () => ({});\n',
  });
  return join(root, 'apps', 'shop');
}

export const shop = defineApp({
  name: 'shop',
  owner: 'team-shop',
  basePath: 'shop',
  routes: { 'GET /': { scopes: ['shop:read'] } },
  tables: {
    carts: { partitionKey: 'owner', sortKey: { name: 'at', type: 'number' }, access: 'readWrite', timeToLiveAttribute: 'expiresAt' },
    prices: { partitionKey: 'sku', access: 'read' },
  },
});

export function synthShop(stageName: string, extension?: StackExtension) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
  const stage = resolveStage(stageName);
  const stack = new AppStack(app, `frontdesk-${stage.name}-app-shop`, {
    api: { manifest: shop, appDir: tablesAppDir(), stage },
    ...(extension ? { extension } : {}),
  });
  return { stack, template: Template.fromStack(stack) };
}
