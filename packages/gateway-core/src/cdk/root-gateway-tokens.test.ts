import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FrontdeskError } from '../contract/errors.ts';
import { resolveStage } from '../stage.ts';
import { RootGateway, type RootGatewayProps } from './root-gateway.ts';

function synth(props: (stack: Stack) => Partial<RootGatewayProps>) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Shared');
  new RootGateway(stack, 'Gateway', {
    stage: resolveStage('dev'),
    issuer: 'https://login.example.com/',
    audience: ['api'],
    ...props(stack),
  });
  return Template.fromStack(stack);
}

const environment = (template: Template): Record<string, unknown> =>
  Object.values(template.findResources('AWS::Lambda::Function'))[0]?.Properties.Environment.Variables;

describe('RootGateway with deploy-time values (unresolved tokens)', () => {
  it('leaves token values to the function and checks the literal ones with the authorizer loader', () => {
    const template = synth((stack) => ({
      issuer: new CfnParameter(stack, 'Issuer').valueAsString,
      audience: [new CfnParameter(stack, 'Audience').valueAsString],
      jwksUri: new CfnParameter(stack, 'Jwks').valueAsString,
      clockToleranceSeconds: new CfnParameter(stack, 'Tolerance', { type: 'Number' }).valueAsNumber,
      tokenCacheSize: new CfnParameter(stack, 'CacheSize', { type: 'Number' }).valueAsNumber,
      alarmTopicArn: new CfnParameter(stack, 'Topic').valueAsString,
    }));
    const variables = environment(template);
    expect(variables.FRONTDESK_ISSUER).toEqual({ Ref: 'Issuer' });
    expect(variables.FRONTDESK_AUDIENCE).toEqual({ Ref: 'Audience' });
    expect(variables.FRONTDESK_JWKS_URI).toEqual({ Ref: 'Jwks' });
    expect(variables.FRONTDESK_CLOCK_TOLERANCE).toEqual({ Ref: 'Tolerance' });
    expect(variables.FRONTDESK_TOKEN_CACHE_SIZE).toEqual({ Ref: 'CacheSize' });
    // The rest: the authorizer's own defaults, read from its settings loader.
    expect(variables).toMatchObject({
      FRONTDESK_ALGORITHMS: 'RS256,ES256',
      FRONTDESK_JWKS_MAX_STALE_SECONDS: '3600',
      FRONTDESK_DPOP: 'optional',
    });
  });

  it('accepts a domain known only at deploy time', () => {
    const template = synth((stack) => ({
      domain: {
        domainName: new CfnParameter(stack, 'DomainName').valueAsString,
        certificateArn: new CfnParameter(stack, 'CertificateArn').valueAsString,
      },
    }));
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
  });

  it('still rejects a literal value beside the tokens, naming the prop, with a stable code', () => {
    let error: unknown;
    try {
      synth((stack) => ({ issuer: new CfnParameter(stack, 'Issuer').valueAsString, jwksMaxStaleSeconds: 30 }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FrontdeskError);
    expect(error).toMatchObject({ code: 'ERR_ROOT_GATEWAY_PROPS', name: 'RootGatewayPropsError' });
    expect((error as Error).message).toBe('RootGateway (dev): jwksMaxStaleSeconds must be a whole number from 60 to 86400, got 30');
  });

  it('refuses an empty algorithm list instead of deploying the default', () => {
    expect(() => synth(() => ({ algorithms: [] }))).toThrow('RootGateway (dev): algorithms must not be empty');
  });
});
