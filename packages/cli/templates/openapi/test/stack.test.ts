import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { resolveStage } from '@frontdesk/gateway-core';
import { AppStack, appStackName } from '@frontdesk/gateway-core/cdk';
import { beforeAll, describe, expect, it } from 'vitest';
import manifest from '../app.config.ts';

describe(`${manifest.name} stack`, () => {
  let stack: AppStack;
  let template: Template;

  // Loading aws-cdk-lib takes seconds; synthesize once for every assertion.
  beforeAll(() => {
    // Bundling is skipped here (an empty bundling-stacks list); `pnpm synth` bundles for real (`pnpm bundle` alone writes dist/).
    // CDK's CloudFormation schema check is off too: ~6 s of WebAssembly start-up; it only warns, and runs under `cdk deploy`.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    const stage = resolveStage('pr-7');
    stack = new AppStack(app, appStackName(stage, manifest.name), {
      api: { manifest, appDir: fileURLToPath(new URL('..', import.meta.url)), stage },
    });
    template = Template.fromStack(stack);
  }, 120_000);

  it('is named for the stage and the app', () => {
    expect(stack.stackName).toBe(`frontdesk-pr-7-app-${manifest.name}`);
  });

  it('has one route per manifest route, with the authorizer on protected routes only', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', Object.keys(manifest.routes).length);
    for (const [routeKey, route] of Object.entries(manifest.routes)) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'auth' in route ? 'NONE' : 'CUSTOM',
      });
    }
  });

  it('is mapped under its base path on the shared domain', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: manifest.basePath });
  });
});
