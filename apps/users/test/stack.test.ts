import { fileURLToPath } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesizedStack } from '@frontdesk/gateway-core/cdk/testing';
import manifest from '../app.config.ts';

/**
 * The stack as `pnpm synth` wrote it to cdk.out for STAGE (dev when unset): the template
 * `cdk deploy --app cdk.out` ships. turbo runs synth before this test; run alone, it synthesizes first.
 */
const { stage, stackName, template } = synthesizedStack(fileURLToPath(new URL('..', import.meta.url)), manifest.name);

describe('users stack', () => {
  const route = (key: string) =>
    Object.values(template.findResources('AWS::ApiGatewayV2::Route')).find((resource) => resource.Properties.RouteKey === key)?.Properties;

  it('names the stack, its function and its API for the stage', () => {
    expect(stackName).toBe(`frontdesk-${stage.name}-app-users`);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `frontdesk-${stage.name}-users` });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: `frontdesk-${stage.name}-users` });
  });

  it('puts GET /me behind the shared authorizer and leaves the public health route without one', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(route('GET /me')).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    expect(route('GET /health')?.AuthorizationType).toBe('NONE');
    expect(route('GET /health')?.AuthorizerId).toBeUndefined();
  });

  it('maps at base path "users", reads the shared layer from its stage (/frontdesk/<stage>/) and imports no export', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'users' });
    const ssm = Object.values(template.toJSON().Parameters as Record<string, { Type: string; Default: string }>)
      .filter((parameter) => parameter.Type === 'AWS::SSM::Parameter::Value<String>' && parameter.Default.startsWith('/frontdesk/'))
      .map((parameter) => parameter.Default);
    expect(ssm.length).toBeGreaterThan(0);
    for (const name of ssm) expect(name.startsWith(`${stage.parameterPrefix}/`)).toBe(true);
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
      FunctionName: { 'Fn::Join': ['', Match.arrayWith([`:function:frontdesk-${stage.name}-authorizer`])] },
    });
  });
});
