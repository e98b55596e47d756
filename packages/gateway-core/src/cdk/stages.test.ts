import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { appFunctionName, appStackName, authorizerFunctionName } from '../contract/names.ts';
import { defineApp } from '../manifest/define-app.ts';
import { resolveStage } from '../stage.ts';
import { AppStack } from './app-stack.ts';
import { PREVIEW_CDK_QUALIFIER, PREVIEW_PERMISSIONS_BOUNDARY } from './preview-isolation.ts';

/**
 * Everything the stage changes in an app stack, for every stage, in one place. An app's own stack
 * test asserts on what its synth wrote for the current STAGE (dev under `pnpm test` and CI's main
 * step), so each stage's behaviour is held here, once, in-process: not by synthesizing every app
 * per stage (README, "The stack is built once"). The last test fails on any stage difference this
 * file does not declare, so a new one cannot reach prod or a preview untested.
 */

/** Any folder holding the handler path works once bundling is skipped; real bundles are proven by the apps' synth. */
const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** One of each stage-sensitive part: a protected and a public route, a table, a rotated and an SSM secret, alarms, a canary. */
const manifest = defineApp({
  name: 'orders',
  owner: 'team-orders',
  basePath: 'orders',
  handler: 'src/authorizer/handler.ts',
  routes: { 'GET /': { scopes: ['orders:read'] }, 'GET /health': { auth: 'public', reason: 'Uptime probes call it without a token.' } },
  tables: { orders: { partitionKey: 'owner', sortKey: 'id', access: 'readWrite' } },
  secrets: { 'signing-key': { source: 'secretsmanager', rotation: { days: 30 } }, 'db-password': { source: 'ssm' } },
  alarms: { p99LatencyMs: 1000 },
  deployment: { strategy: 'canary', percent: 10, intervalMinutes: 2 },
});

/** Per stage, every setting that differs between stages: previews hold only a pull request's test data. */
const EXPECTED = {
  dev: { retentionDays: 30, removal: 'Retain', recovery: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 }, protect: false },
  prod: { retentionDays: 365, removal: 'Retain', recovery: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 }, protect: true },
  'pr-7': { retentionDays: 7, removal: 'Delete', recovery: { PointInTimeRecoveryEnabled: false }, protect: false },
} as const;
type StageName = keyof typeof EXPECTED;
const STAGES = Object.keys(EXPECTED) as StageName[];

/** The CDK's default bootstrap qualifier, which dev and prod deploy with. */
const DEFAULT_QUALIFIER = 'hnb659fds';

function synth(stageName: StageName) {
  const stage = resolveStage(stageName);
  // No bundling (templates, not code) and no CDK CloudFormation schema check (~6 s of WebAssembly
  // start-up; it only warns, and cdk deploy runs it), as in synth.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  const stack = new AppStack(app, 'Orders', { api: { manifest, appDir: APP_DIR, stage } });
  return { stack, template: Template.fromStack(stack) };
}
const built = Object.fromEntries(STAGES.map((stage) => [stage, synth(stage)])) as Record<StageName, ReturnType<typeof synth>>;

const resourcesOf = (template: Template) => Object.values(template.toJSON().Resources as Record<string, Resource>);
interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

describe.each(STAGES)('an app stack in stage %s', (stageName) => {
  const { stack, template } = built[stageName];
  const expected = EXPECTED[stageName];
  const resources = resourcesOf(template);

  it('names the stack, its functions, API, table, secret and log groups for the stage, and no other stage anywhere', () => {
    expect(stack.stackName).toBe(appStackName(stageName, 'orders'));
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: appFunctionName(stageName, 'orders') });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: `frontdesk-${stageName}-orders` });
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: `frontdesk-${stageName}-orders-orders` });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: `frontdesk/${stageName}/orders/signing-key` });
    for (const group of resources.filter((resource) => resource.Type === 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.LogGroupName).toMatch(new RegExp(`^/aws/lambda/frontdesk-${stageName}-orders(-|$)`));
    }
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::Join': ['', Match.arrayWith([`:function:${authorizerFunctionName(stageName)}`])] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Tags: Match.arrayWith([{ Key: 'frontdesk:stage', Value: stageName }]) });
    const text = JSON.stringify(template.toJSON());
    for (const other of STAGES.filter((name) => name !== stageName)) {
      expect(text).not.toMatch(new RegExp(`frontdesk[-/]${other}[-/]`));
    }
  });

  it('reads the shared layer only from its own stage (/frontdesk/<stage>/)', () => {
    const ssm = Object.values(template.toJSON().Parameters as Record<string, { Type: string; Default?: string }>)
      .filter((parameter) => parameter.Type.startsWith('AWS::SSM::Parameter::Value'))
      .map((parameter) => parameter.Default ?? '')
      .filter((name) => !name.startsWith('/cdk-bootstrap/')); // the bootstrap's own, below
    expect(ssm.length).toBeGreaterThan(1);
    for (const name of ssm) expect(name.startsWith(`/frontdesk/${stageName}/`), name).toBe(true);
  });

  it('keeps logs and data as long as the stage needs them', () => {
    for (const group of resources.filter((resource) => resource.Type === 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.RetentionInDays).toBe(expected.retentionDays);
    }
    const kept = resources.filter((resource) => resource.DeletionPolicy !== undefined);
    expect(new Set(kept.map((resource) => resource.Type))).toEqual(
      new Set(['AWS::Logs::LogGroup', 'AWS::Lambda::Version', 'AWS::DynamoDB::Table', 'AWS::SecretsManager::Secret']),
    );
    for (const resource of kept) {
      expect([resource.Type, resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual([
        resource.Type,
        expected.removal,
        expected.removal,
      ]);
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: expected.recovery,
      DeletionProtectionEnabled: expected.protect,
    });
  });

  it('deploys a preview with the preview bootstrap and a permissions boundary on every role, dev and prod with neither', () => {
    const preview = resolveStage(stageName).kind === 'preview';
    const qualifier = preview ? PREVIEW_CDK_QUALIFIER : DEFAULT_QUALIFIER;
    expect(template.toJSON().Parameters.BootstrapVersion.Default).toBe(`/cdk-bootstrap/${qualifier}/version`);
    const roles = resources.filter((resource) => resource.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(1);
    for (const role of roles) {
      if (preview) expect(JSON.stringify(role.Properties?.PermissionsBoundary)).toContain(`:policy/${PREVIEW_PERMISSIONS_BOUNDARY}`);
      else expect(role.Properties?.PermissionsBoundary).toBeUndefined();
    }
  });
});

/**
 * The template with the stage's name (and its logical-id form, `pr7`) and bootstrap qualifier
 * replaced, the Lambda version's configuration hash cut, and the settings EXPECTED declares blanked.
 */
function stageless(stageName: StageName): unknown {
  const text = JSON.stringify(built[stageName].template.toJSON())
    .replaceAll(stageName, '<stage>')
    .replaceAll(stageName.replaceAll('-', ''), '<stage>')
    .replaceAll(PREVIEW_CDK_QUALIFIER, '<qualifier>')
    .replaceAll(DEFAULT_QUALIFIER, '<qualifier>')
    .replace(/(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}/g, '$1<hash>');
  const template = JSON.parse(text) as { Resources: Record<string, Resource> };
  for (const resource of Object.values(template.Resources)) {
    if (resource.DeletionPolicy) resource.DeletionPolicy = '<removal>';
    if (resource.UpdateReplacePolicy) resource.UpdateReplacePolicy = '<removal>';
    const properties = resource.Properties ?? {};
    if ('RetentionInDays' in properties) properties.RetentionInDays = '<retention>';
    if (resource.Type === 'AWS::DynamoDB::Table') {
      properties.PointInTimeRecoverySpecification = '<recovery>';
      properties.DeletionProtectionEnabled = '<protect>';
    }
    if (resource.Type === 'AWS::IAM::Role') delete properties.PermissionsBoundary;
  }
  return template;
}

describe('between stages', () => {
  it('nothing differs but the names and the settings above', () => {
    expect(stageless('prod')).toEqual(stageless('dev'));
    expect(stageless('pr-7')).toEqual(stageless('dev'));
  });
});
