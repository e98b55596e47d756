import { describe, expect, it } from 'vitest';
import { resolveStage } from '@frontdesk/gateway-core';
import { STAGE_CONFIGS, stageConfig } from '../src/stage-config.ts';

const dev = resolveStage('dev');
const prod = resolveStage('prod');

describe('stage config', () => {
  it('gives each kind of stage its checked-in config when nothing is overridden', () => {
    expect(stageConfig(dev, {})).toMatchObject(STAGE_CONFIGS.dev);
    expect(stageConfig(resolveStage('pr-9'), {})).toMatchObject(STAGE_CONFIGS.preview);
    expect(stageConfig(prod, {}).domain?.domainName).toBe('api.example.com');
  });

  it('takes identity settings from the same FRONTDESK_* variables the authorizer reads', () => {
    const config = stageConfig(dev, {
      FRONTDESK_ISSUER: 'https://id.acme.test/',
      FRONTDESK_AUDIENCE: 'orders-api, users-api',
      FRONTDESK_ALGORITHMS: 'ES256',
      FRONTDESK_CLOCK_TOLERANCE: '10',
      FRONTDESK_DPOP: 'required',
      FRONTDESK_PUBLIC_URL: 'https://api.acme.test',
      FRONTDESK_JWKS_URI: 'https://id.acme.test/keys',
    });
    expect(config).toMatchObject({
      issuer: 'https://id.acme.test/',
      audience: ['orders-api', 'users-api'],
      algorithms: ['ES256'],
      clockToleranceSeconds: 10,
      dpop: 'required',
      publicUrl: 'https://api.acme.test',
      jwksUri: 'https://id.acme.test/keys',
    });
  });

  it('gives a stage a domain from the environment, or takes it away with "none"', () => {
    expect(stageConfig(dev, { FRONTDESK_DOMAIN_NAME: 'dev.acme.test', FRONTDESK_HOSTED_ZONE_ID: 'Z1', FRONTDESK_HOSTED_ZONE_NAME: 'acme.test' }).domain).toEqual({
      domainName: 'dev.acme.test',
      certificateArn: undefined,
      hostedZone: { hostedZoneId: 'Z1', zoneName: 'acme.test' },
    });
    expect(stageConfig(prod, { FRONTDESK_DOMAIN_NAME: 'none' }).domain).toBeUndefined();
    expect(stageConfig(prod, { FRONTDESK_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' }).domain).toMatchObject({
      domainName: 'api.example.com',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x',
    });
  });

  it.each([
    [{ FRONTDESK_DPOP: 'on' }, 'FRONTDESK_DPOP="on" is not a DPoP mode'],
    [{ FRONTDESK_CLOCK_TOLERANCE: '5s' }, 'FRONTDESK_CLOCK_TOLERANCE="5s" must be a whole number of seconds'],
    [{ FRONTDESK_HOSTED_ZONE_ID: 'Z1' }, 'FRONTDESK_HOSTED_ZONE_ID and FRONTDESK_HOSTED_ZONE_NAME go together'],
    [{ FRONTDESK_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' }, 'need FRONTDESK_DOMAIN_NAME'],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => stageConfig(dev, env)).toThrow(message);
  });
});
