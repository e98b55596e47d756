import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { resolveStage } from '@frontdesk/gateway-core';
import { AppStack, appStackName } from '@frontdesk/gateway-core/cdk';
import manifest from '../app.config.ts';
import extension from '../stack.ts';

// STAGE picks the stage (dev | prod | pr-<n>); the shared layer is read from its SSM parameters.
const stage = resolveStage(process.env.STAGE);
new AppStack(new App(), appStackName(stage, manifest.name), {
  api: { manifest, appDir: fileURLToPath(new URL('..', import.meta.url)), stage },
  extension,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
