import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { resolveStage } from '@frontdesk/gateway-core';
import { gatewayStackName } from '@frontdesk/gateway-core/cdk';
import { GatewayStack } from '../src/gateway-stack.ts';
import { DEPLOY_CONTEXT, StageConfigError, resolveStageConfig } from '../src/stage-config.ts';

// STAGE picks the stage (dev | prod | pr-<n>); FRONTDESK_* variables configure it (README:
// Configuration reference). `pnpm run deploy` sets the deploy context: then, as for prod
// always, a missing or placeholder setting stops synthesis with every problem named.
const stage = resolveStage(process.env.STAGE);
const app = new App();
const resolved = (() => {
  try {
    return resolveStageConfig(stage, process.env, { deploying: app.node.tryGetContext(DEPLOY_CONTEXT) === 'true' });
  } catch (error) {
    // Run by the CDK CLI: the message alone, no stack trace. Imported (the policy lint): throw.
    if (!(error instanceof StageConfigError) || process.argv[1] === undefined || import.meta.url !== pathToFileURL(process.argv[1]).href)
      throw error;
    console.error(error.message);
    return process.exit(1);
  }
})();
new GatewayStack(app, gatewayStackName(stage), {
  gateway: { stage, ...resolved.config },
  placeholders: resolved.placeholders,
  // Environment-agnostic unless the CLI knows the account: synth needs no AWS credentials.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
