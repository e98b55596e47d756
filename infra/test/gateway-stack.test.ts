import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveStage } from '@frontdesk/gateway-core';
import { PREVIEW_CDK_QUALIFIER, PREVIEW_PERMISSIONS_BOUNDARY, gatewayStackName, sharedParameterNames } from '@frontdesk/gateway-core/cdk';
import { GatewayStack } from '../src/gateway-stack.ts';
import { resolveStageConfig } from '../src/stage-config.ts';

const infraDir = fileURLToPath(new URL('..', import.meta.url));

/** A deployable configuration for every stage kind; prod gets its domain from it. */
const CONFIGURED: Record<string, string> = {
  FRONTDESK_ISSUER: 'https://login.acme.com/',
  FRONTDESK_AUDIENCE: 'https://api.acme.com',
  FRONTDESK_DOMAIN_NAME: 'api.acme.com',
  FRONTDESK_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ',
  FRONTDESK_HOSTED_ZONE_NAME: 'acme.com',
};
const NO_DOMAIN_ENV = { FRONTDESK_ISSUER: CONFIGURED.FRONTDESK_ISSUER!, FRONTDESK_AUDIENCE: CONFIGURED.FRONTDESK_AUDIENCE! };

/** The stack bin/gateway.ts builds for `stageName`, with esbuild skipped. */
function synth(stageName: string, env: Record<string, string> = stageName === 'prod' ? CONFIGURED : NO_DOMAIN_ENV) {
  const stage = resolveStage(stageName);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const { config, placeholders } = resolveStageConfig(stage, env);
  const stack = new GatewayStack(app, gatewayStackName(stage), { gateway: { stage, ...config }, placeholders });
  return { stack, template: Template.fromStack(stack) };
}

/** `cdk synth` of infra/ as `pnpm --filter @frontdesk/infra synth` runs it, with only `env` set (no credentials). */
function cdkSynth(env: Record<string, string>, ...args: string[]) {
  const output = mkdtempSync(join(tmpdir(), 'frontdesk-infra-synth-'));
  return spawnSync('pnpm', ['exec', 'cdk', 'synth', '--quiet', '--no-notices', '--output', output, ...args], {
    cwd: infraDir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

describe('gateway stack per stage', { timeout: 600_000 }, () => {
  it.each(['dev', 'prod', 'pr-17'])('names the %s stack after its stage and publishes under /frontdesk/<stage>/', (stageName) => {
    const { stack, template } = synth(stageName);
    expect(stack.stackName).toBe(`frontdesk-${stageName}-gateway`);
    const names = Object.values(template.findResources('AWS::SSM::Parameter')).map((parameter) => parameter.Properties.Name as string);
    expect(names.sort()).toEqual(Object.values(sharedParameterNames(resolveStage(stageName))).sort());
  });

  it('gives prod its custom domain and leaves dev and previews without one', () => {
    const prod = synth('prod').template;
    prod.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    prod.hasOutput('Url', { Value: 'https://api.acme.com' });
    expect(synth('dev').template.findOutputs('Url')).toEqual({});
    synth('dev').template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    synth('pr-17').template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });

  it('drops the replay table when the stage runs with DPoP off', () => {
    synth('dev').template.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth('dev', { ...NO_DOMAIN_ENV, FRONTDESK_DPOP: 'off' }).template.resourceCountIs('AWS::DynamoDB::Table', 0);
  });

  it('gives the authorizer function the verified-token cache size from FRONTDESK_TOKEN_CACHE_SIZE, 1000 when unset', () => {
    const environmentOf = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function'))
        .map((fn) => fn.Properties.Environment?.Variables as Record<string, string> | undefined)
        .find((variables) => variables?.FRONTDESK_ISSUER !== undefined);
    expect(environmentOf(synth('dev', { ...NO_DOMAIN_ENV, FRONTDESK_TOKEN_CACHE_SIZE: '5000' }).template)).toMatchObject({
      FRONTDESK_TOKEN_CACHE_SIZE: '5000',
    });
    expect(environmentOf(synth('dev', { ...NO_DOMAIN_ENV, FRONTDESK_TOKEN_CACHE_SIZE: '0' }).template)).toMatchObject({
      FRONTDESK_TOKEN_CACHE_SIZE: '0',
    });
    expect(environmentOf(synth('dev').template)).toMatchObject({ FRONTDESK_TOKEN_CACHE_SIZE: '1000' });
  });

  it('takes log retention and the alarm topic from the environment', () => {
    const { template } = synth('dev', {
      ...NO_DOMAIN_ENV,
      FRONTDESK_LOG_RETENTION_DAYS: '400',
      FRONTDESK_ALARM_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:oncall',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/frontdesk/dev/api-access', RetentionInDays: 400 });
    template.resourceCountIs('AWS::Events::Rule', 1);
  });

  it('marks a template synthesized with placeholders so that CloudFormation refuses to deploy it', () => {
    const { template } = synth('dev', {});
    template.hasParameter('FrontdeskPlaceholderSettings', {
      Type: 'String',
      Default: 'FRONTDESK_ISSUER, FRONTDESK_AUDIENCE',
      AllowedValues: ['none'],
      ConstraintDescription: Match.stringLikeRegexp('synthesized with placeholder settings \\(FRONTDESK_ISSUER, FRONTDESK_AUDIENCE\\)'),
    });
    expect(synth('dev').template.findParameters('FrontdeskPlaceholderSettings')).toEqual({});
  });
});

// The CDK CLI starts in seconds alone and in minutes when every workspace tests at once.
describe('cdk synth of infra/ (the real CLI and bin/gateway.ts)', { timeout: 600_000 }, () => {
  it('fails for STAGE=prod with no FRONTDESK_* set, naming every missing variable', () => {
    const result = cdkSynth({ STAGE: 'prod' });
    expect(result.status).not.toBe(0);
    for (const name of ['FRONTDESK_ISSUER', 'FRONTDESK_AUDIENCE', 'FRONTDESK_DOMAIN_NAME'])
      expect(result.stderr).toContain(`${name} is not set`);
  });

  it('fails a deploy synthesis of dev that would use placeholders', () => {
    const result = cdkSynth({ STAGE: 'dev', FRONTDESK_ISSUER: 'https://login.example.com/' }, '--context', 'frontdesk:deploy=true');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('FRONTDESK_ISSUER="https://login.example.com/" is a placeholder');
    expect(result.stderr).toContain('FRONTDESK_AUDIENCE is not set');
  });
});

describe('preview isolation of the shared stack', () => {
  it('puts a preview on the preview bootstrap with the preview boundary on every role; dev and prod stay on the default', () => {
    const preview = synth('pr-17').template.toJSON() as {
      Parameters: Record<string, { Default?: string }>;
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    expect(preview.Parameters.BootstrapVersion?.Default).toBe(`/cdk-bootstrap/${PREVIEW_CDK_QUALIFIER}/version`);
    const roles = Object.values(preview.Resources).filter((resource) => resource.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles)
      expect(JSON.stringify(role.Properties.PermissionsBoundary)).toContain(`:policy/${PREVIEW_PERMISSIONS_BOUNDARY}`);
    const parameters = Object.values(preview.Resources).filter((resource) => resource.Type === 'AWS::SSM::Parameter');
    for (const parameter of parameters) expect(parameter.Properties.Name).toMatch(/^\/frontdesk\/pr-17\//);
    expect(JSON.stringify(synth('dev').template.toJSON())).not.toContain(PREVIEW_PERMISSIONS_BOUNDARY);
  });
});
