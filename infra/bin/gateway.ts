import { App } from 'aws-cdk-lib';
import { resolveStage } from '@frontdesk/gateway-core';
import { gatewayStackName } from '@frontdesk/gateway-core/cdk';
import { GatewayStack } from '../src/gateway-stack.ts';
import { stageConfig } from '../src/stage-config.ts';

// STAGE picks the stage (dev | prod | pr-<n>); FRONTDESK_* variables override its config.
const stage = resolveStage(process.env.STAGE);
const app = new App();
new GatewayStack(app, gatewayStackName(stage), {
  gateway: { stage, ...stageConfig(stage) },
  // Environment-agnostic unless the CLI knows the account: synth needs no AWS credentials.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
