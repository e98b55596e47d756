import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveStage } from '@frontdesk/gateway-core';
import { SYNTH_PLACEHOLDERS, StageConfigError, resolveStageConfig, stageConfig } from '../src/stage-config.ts';
import { placeholderReason } from '../src/config/placeholders.ts';
import { STAGE_VARIABLE_NAMES } from '../src/config/variables.ts';

const dev = resolveStage('dev');
const prod = resolveStage('prod');
const preview = resolveStage('pr-9');

/** A complete production configuration that passes every check. */
const PROD: Record<string, string> = {
  FRONTDESK_ISSUER: 'https://login.acme.com/',
  FRONTDESK_AUDIENCE: 'https://api.acme.com',
  FRONTDESK_DOMAIN_NAME: 'api.acme.com',
  FRONTDESK_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ',
  FRONTDESK_HOSTED_ZONE_NAME: 'acme.com',
};

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof StageConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a StageConfigError');
}

describe('stage config from FRONTDESK_* variables', () => {
  it('takes every setting from the environment, in the shapes RootGateway takes', () => {
    const config = stageConfig(prod, {
      ...PROD,
      FRONTDESK_AUDIENCE: 'orders-api, users-api',
      FRONTDESK_ALGORITHMS: 'ES256,EdDSA',
      FRONTDESK_CLOCK_TOLERANCE: '10',
      FRONTDESK_DPOP: 'required',
      FRONTDESK_ALLOW_UNTYPED_TOKENS: 'true',
      FRONTDESK_JWKS_MAX_STALE_SECONDS: '900',
      FRONTDESK_TOKEN_CACHE_SIZE: '5000',
      FRONTDESK_JWKS_URI: 'https://login.acme.com/keys',
      FRONTDESK_LOG_RETENTION_DAYS: '90',
      FRONTDESK_ALARM_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:oncall',
    });
    expect(config).toEqual({
      issuer: 'https://login.acme.com/',
      audience: ['orders-api', 'users-api'],
      algorithms: ['ES256', 'EdDSA'],
      clockToleranceSeconds: 10,
      dpop: 'required',
      allowUntypedTokens: true,
      jwksMaxStaleSeconds: 900,
      tokenCacheSize: 5000,
      jwksUri: 'https://login.acme.com/keys',
      logRetention: 90,
      alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:oncall',
      domain: { domainName: 'api.acme.com', hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'acme.com' } },
    });
  });

  it('leaves unset optional settings to the construct’s documented defaults, and treats "" (an unset GitHub variable) as unset', () => {
    const config = stageConfig(dev, {
      FRONTDESK_ISSUER: 'https://login.acme.com/',
      FRONTDESK_AUDIENCE: 'api',
      FRONTDESK_DPOP: '',
      FRONTDESK_JWKS_URI: '  ',
    });
    expect(config).toEqual({ issuer: 'https://login.acme.com/', audience: ['api'] });
  });

  it('refuses STAGE=prod with nothing set, naming each missing variable and what it is', () => {
    const problems = problemsOf(() => stageConfig(prod, {}));
    expect(problems).toEqual([
      expect.stringMatching(/^FRONTDESK_ISSUER is not set: the OIDC issuer URL/),
      expect.stringMatching(/^FRONTDESK_AUDIENCE is not set: the `aud` values/),
      expect.stringMatching(/^FRONTDESK_DOMAIN_NAME is not set: prod serves every app under one custom domain.*"none"/),
    ]);
    expect(() => stageConfig(prod, {})).toThrow(/^Stage "prod" is not configured: 3 settings missing or invalid/);
  });

  it.each([
    ['FRONTDESK_ISSUER', 'https://login.example.com/'],
    ['FRONTDESK_AUDIENCE', 'https://api.example.com'],
    ['FRONTDESK_JWKS_URI', 'https://idp.test/keys'],
    ['FRONTDESK_DOMAIN_NAME', 'api.example.org'],
    ['FRONTDESK_HOSTED_ZONE_ID', 'Z0000000EXAMPLE0ZONE'],
    ['FRONTDESK_ALARM_TOPIC_ARN', 'arn:aws:sns:eu-west-1:123456789012:alarms'],
    ['FRONTDESK_ISSUER', 'https://localhost:3000/'],
  ])('refuses the placeholder %s=%s in prod', (name, value) => {
    const env = { ...PROD, [name]: value };
    if (name === 'FRONTDESK_DOMAIN_NAME') env.FRONTDESK_HOSTED_ZONE_NAME = 'example.org';
    expect(problemsOf(() => stageConfig(prod, env))).toContainEqual(expect.stringMatching(new RegExp(`^${name}=".*" is a placeholder`)));
  });

  it('synthesizes dev and previews offline with placeholders under .invalid, reported, and refuses them when deploying', () => {
    for (const stage of [dev, preview]) {
      const { config, placeholders } = resolveStageConfig(stage, {});
      expect(config).toEqual({ issuer: SYNTH_PLACEHOLDERS.FRONTDESK_ISSUER, audience: [SYNTH_PLACEHOLDERS.FRONTDESK_AUDIENCE] });
      expect(placeholders).toEqual(['FRONTDESK_ISSUER', 'FRONTDESK_AUDIENCE']);
      expect(problemsOf(() => resolveStageConfig(stage, {}, { deploying: true }))).toEqual([
        expect.stringMatching(/^FRONTDESK_ISSUER is not set/),
        expect.stringMatching(/^FRONTDESK_AUDIENCE is not set/),
      ]);
    }
    const exampleIssuer = { FRONTDESK_ISSUER: 'https://login.example.com/', FRONTDESK_AUDIENCE: 'api' };
    expect(resolveStageConfig(dev, exampleIssuer).placeholders).toEqual(['FRONTDESK_ISSUER']);
    expect(problemsOf(() => resolveStageConfig(dev, exampleIssuer, { deploying: true }))).toEqual([
      expect.stringMatching(/^FRONTDESK_ISSUER="https:\/\/login.example.com\/" is a placeholder/),
    ]);
    expect(resolveStageConfig(dev, PROD, { deploying: true }).placeholders).toEqual([]);
  });

  it.each([
    [{ FRONTDESK_DPOP: 'on' }, 'FRONTDESK_DPOP="on" must be one of off, optional, required'],
    [{ FRONTDESK_ALLOW_UNTYPED_TOKENS: 'yes' }, 'FRONTDESK_ALLOW_UNTYPED_TOKENS="yes" must be "true" or "false"'],
    [
      { FRONTDESK_JWKS_MAX_STALE_SECONDS: '30' },
      'FRONTDESK_JWKS_MAX_STALE_SECONDS="30" must be a whole number of seconds from 60 to 86400',
    ],
    [
      { FRONTDESK_JWKS_MAX_STALE_SECONDS: '1h' },
      'FRONTDESK_JWKS_MAX_STALE_SECONDS="1h" must be a whole number of seconds from 60 to 86400',
    ],
    [
      { FRONTDESK_TOKEN_CACHE_SIZE: '100001' },
      'FRONTDESK_TOKEN_CACHE_SIZE="100001" must be a whole number of entries from 0 (off) to 100000',
    ],
    [{ FRONTDESK_TOKEN_CACHE_SIZE: '1e3' }, 'FRONTDESK_TOKEN_CACHE_SIZE="1e3" must be a whole number of entries from 0 (off) to 100000'],
    [{ FRONTDESK_TOKEN_CACHE_SIZE: '-1' }, 'FRONTDESK_TOKEN_CACHE_SIZE="-1" must be a whole number of entries from 0 (off) to 100000'],
    [{ FRONTDESK_CLOCK_TOLERANCE: '5s' }, 'FRONTDESK_CLOCK_TOLERANCE="5s" must be a whole number of seconds from 0 to 300'],
    [{ FRONTDESK_CLOCK_TOLERANCE: '301' }, 'FRONTDESK_CLOCK_TOLERANCE="301" must be a whole number of seconds from 0 to 300'],
    [{ FRONTDESK_ISSUER: 'http://login.acme.com/' }, 'FRONTDESK_ISSUER="http://login.acme.com/" must be an https:// URL'],
    [{ FRONTDESK_AUDIENCE: ' , ' }, 'FRONTDESK_AUDIENCE="," must list at least one audience'],
    [{ FRONTDESK_ALGORITHMS: 'RS256,HS256' }, 'FRONTDESK_ALGORITHMS="RS256,HS256" may only list asymmetric algorithms: RS256'],
    [{ FRONTDESK_ALGORITHMS: 'none' }, 'FRONTDESK_ALGORITHMS="none" may only list asymmetric algorithms'],
    [{ FRONTDESK_LOG_RETENTION_DAYS: '0x1e' }, 'FRONTDESK_LOG_RETENTION_DAYS="0x1e" must be a whole number of days'],
    [
      { FRONTDESK_LOG_RETENTION_DAYS: '10' },
      'FRONTDESK_LOG_RETENTION_DAYS="10" must be one of CloudWatch Logs’ periods: 1, 3, 5, 7, 14, 30',
    ],
    [{ FRONTDESK_ALARM_TOPIC_ARN: 'oncall' }, 'FRONTDESK_ALARM_TOPIC_ARN="oncall" must be an SNS topic ARN'],
    [
      { FRONTDESK_CERTIFICATE_ARN: 'arn:aws:iam::111122223333:role/x' },
      'FRONTDESK_CERTIFICATE_ARN="arn:aws:iam::111122223333:role/x" must be an ACM certificate ARN',
    ],
    [{ FRONTDESK_DOMAIN_NAME: 'API.acme.com' }, 'FRONTDESK_DOMAIN_NAME="API.acme.com" must be a lower-case DNS name'],
    [
      { FRONTDESK_PUBLIC_URL: 'https://api.acme.com/orders' },
      'FRONTDESK_PUBLIC_URL="https://api.acme.com/orders" must be an https:// origin with no path',
    ],
    [{ FRONTDESK_HOSTED_ZONE_ID: 'Z1' }, 'FRONTDESK_HOSTED_ZONE_ID and FRONTDESK_HOSTED_ZONE_NAME go together'],
    [
      { FRONTDESK_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-1:111122223333:certificate/x' },
      'need FRONTDESK_DOMAIN_NAME: this stage has no custom domain',
    ],
    [{ FRONTDESK_DOMAIN_NAME: 'dev.acme.com' }, 'FRONTDESK_DOMAIN_NAME="dev.acme.com" needs FRONTDESK_CERTIFICATE_ARN'],
    [
      { FRONTDESK_DOMAIN_NAME: 'api.acme.org', FRONTDESK_HOSTED_ZONE_ID: 'Z1', FRONTDESK_HOSTED_ZONE_NAME: 'acme.com' },
      'is not inside FRONTDESK_HOSTED_ZONE_NAME="acme.com"',
    ],
  ])('rejects %o, naming the variable and what is allowed', (env, message) => {
    const problems = problemsOf(() => stageConfig(dev, { FRONTDESK_ISSUER: 'https://login.acme.com/', FRONTDESK_AUDIENCE: 'api', ...env }));
    expect(problems.join('\n')).toContain(message);
  });

  it('reports every problem at once', () => {
    expect(
      problemsOf(() => stageConfig(dev, { FRONTDESK_DPOP: 'on', FRONTDESK_CLOCK_TOLERANCE: 'x', FRONTDESK_ISSUER: 'ftp://x' })),
    ).toHaveLength(3);
  });
});

describe('the front door of a stage', () => {
  const identity = { FRONTDESK_ISSUER: 'https://login.acme.com/', FRONTDESK_AUDIENCE: 'api' };
  const wildcard = 'arn:aws:acm:eu-west-1:111122223333:certificate/wildcard-preview';

  it('defaults to no domain outside prod: each app on its execute-api URL, and no public URL', () => {
    expect(stageConfig(dev, identity).domain).toBeUndefined();
    expect(stageConfig(preview, identity).publicUrl).toBeUndefined();
  });

  it('refuses a public URL without a domain: DPoP proofs name the execute-api URL there', () => {
    expect(problemsOf(() => stageConfig(preview, { ...identity, FRONTDESK_PUBLIC_URL: 'https://api.acme.com' }))).toEqual([
      expect.stringMatching(
        /^FRONTDESK_PUBLIC_URL needs FRONTDESK_DOMAIN_NAME: without a custom domain each app answers on its own execute-api URL/,
      ),
    ]);
  });

  it('gives each preview its own host from {stage}, and refuses a preview domain that does not start with it', () => {
    const config = stageConfig(preview, {
      ...identity,
      FRONTDESK_DOMAIN_NAME: '{stage}.preview.acme.com',
      FRONTDESK_CERTIFICATE_ARN: wildcard,
    });
    expect(config.domain).toEqual({ domainName: 'pr-9.preview.acme.com', certificateArn: wildcard });
    for (const domain of ['preview.acme.com', 'preview-{stage}.acme.com']) {
      expect(
        problemsOf(() => stageConfig(preview, { ...identity, FRONTDESK_DOMAIN_NAME: domain, FRONTDESK_CERTIFICATE_ARN: wildcard })),
      ).toEqual([expect.stringMatching(/must start with \{stage\}\. for previews/)]);
    }
  });

  it('lets prod opt out of a domain explicitly with "none", and only explicitly', () => {
    const { FRONTDESK_HOSTED_ZONE_ID: _id, FRONTDESK_HOSTED_ZONE_NAME: _name, ...withoutZone } = PROD;
    expect(stageConfig(prod, { ...withoutZone, FRONTDESK_DOMAIN_NAME: 'none' }).domain).toBeUndefined();
  });
});

describe('placeholders', () => {
  it.each([
    'https://login.example.com/',
    'api.example.net',
    'https://idp.test',
    'x.invalid',
    'https://127.0.0.1:3000',
    'Z0000000EXAMPLE0ZONE',
    'arn:aws:sns:eu-west-1:123456789012:t',
  ])('%s is one', (value) => expect(placeholderReason(value)).toBeDefined());
  it.each([
    'https://login.acme.com/',
    'https://acme.eu.auth0.com/',
    'api',
    'examples-api',
    'Z0123456789ABCDEFGHIJ',
    'arn:aws:sns:eu-west-1:111122223333:t',
  ])('%s is not', (value) => expect(placeholderReason(value)).toBeUndefined());
});

describe('the README’s stage settings table', () => {
  it('names every variable the stage config reads', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Stage settings'), readme.indexOf('### Files'));
    for (const name of STAGE_VARIABLE_NAMES) expect(section, name).toMatch(new RegExp(`^\\| [^|]*\`${name}\``, 'm'));
  });
});
