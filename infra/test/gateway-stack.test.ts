import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveStage } from '@frontdesk/gateway-core';
import { gatewayStackName, sharedParameterNames } from '@frontdesk/gateway-core/cdk';
import { GatewayStack } from '../src/gateway-stack.ts';
import { stageConfig } from '../src/stage-config.ts';

/** The stack bin/gateway.ts builds for `stageName`, with esbuild skipped. */
function synth(stageName: string, env: Record<string, string> = {}) {
  const stage = resolveStage(stageName);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new GatewayStack(app, gatewayStackName(stage), { gateway: { stage, ...stageConfig(stage, env) } });
  return { stack, template: Template.fromStack(stack) };
}

describe('gateway stack per stage', () => {
  it.each(['dev', 'prod', 'pr-17'])('names the %s stack after its stage and publishes under /frontdesk/<stage>/', (stageName) => {
    const { stack, template } = synth(stageName);
    expect(stack.stackName).toBe(`frontdesk-${stageName}-gateway`);
    const names = Object.values(template.findResources('AWS::SSM::Parameter')).map((parameter) => parameter.Properties.Name as string);
    expect(names.sort()).toEqual(Object.values(sharedParameterNames(resolveStage(stageName))).sort());
  });

  it('gives prod its custom domain and leaves dev and previews without one', () => {
    const prod = synth('prod').template;
    prod.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    prod.hasOutput('Url', { Value: 'https://api.example.com' });
    expect(synth('dev').template.findOutputs('Url')).toEqual({});
    synth('dev').template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    synth('pr-17').template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });

  it('drops the replay table when the stage runs with DPoP off', () => {
    synth('dev').template.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth('dev', { FRONTDESK_DPOP: 'off' }).template.resourceCountIs('AWS::DynamoDB::Table', 0);
  });
});
