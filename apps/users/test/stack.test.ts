import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveStage } from '@frontdesk/gateway-core';
import { AppStack, appStackName } from '@frontdesk/gateway-core/cdk';
import manifest from '../app.config.ts';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * The stack bin/app.ts builds, with esbuild skipped (the real bundle is proven by `pnpm synth`)
 * and without CDK's CloudFormation schema check (~6 s of WebAssembly start-up; it only warns, and runs under `cdk deploy`).
 */
function synth(stageName: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  const stage = resolveStage(stageName);
  const stack = new AppStack(app, appStackName(stage, manifest.name), { api: { manifest, appDir, stage } });
  return { stack, template: Template.fromStack(stack) };
}

describe('users stack', () => {
  const { stack, template } = synth('prod');
  const route = (key: string) =>
    Object.values(template.findResources('AWS::ApiGatewayV2::Route')).find((resource) => resource.Properties.RouteKey === key)?.Properties;

  it('carries the stage in its name', () => {
    expect(stack.stackName).toBe('frontdesk-prod-app-users');
  });

  it('puts GET /me behind the shared authorizer and leaves the public health route without one', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(route('GET /me')).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    expect(route('GET /health')?.AuthorizationType).toBe('NONE');
    expect(route('GET /health')?.AuthorizerId).toBeUndefined();
  });

  it('maps at base path "users", reads the shared layer from /frontdesk/prod/ and imports no export', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'users' });
    const ssm = Object.values(template.toJSON().Parameters as Record<string, { Type: string; Default: string }>)
      .filter((parameter) => parameter.Type === 'AWS::SSM::Parameter::Value<String>' && parameter.Default.startsWith('/frontdesk/'))
      .map((parameter) => parameter.Default);
    expect(ssm.length).toBeGreaterThan(0);
    for (const name of ssm) expect(name.startsWith('/frontdesk/prod/')).toBe(true);
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });

  it('runs on nodejs22.x with throttling, access logs and the invoke permission for the authorizer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: Match.objectLike({ Format: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      // By its deterministic name in this account and region, never through the ARN parameter (issue 11 §4).
      FunctionName: { 'Fn::Join': ['', Match.arrayWith([':function:frontdesk-prod-authorizer'])] },
    });
  });
});
