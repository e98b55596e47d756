import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { defineApp } from '../../manifest/define-app.ts';
import type { AppManifestInput } from '../../manifest/schema.ts';
import { resolveStage } from '../../stage.ts';
import { AppStack } from '../app-stack.ts';
import { RootGateway } from '../root-gateway.ts';

/** Any folder holding the handler path works once bundling is skipped. */
const APP_DIR = fileURLToPath(new URL('../../..', import.meta.url));
const stage = resolveStage('dev');

function appStack(input: Omit<AppManifestInput, 'handler' | 'owner'>) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const manifest = defineApp({ ...input, owner: 'team-x', handler: 'src/authorizer/handler.ts' });
  const stack = new AppStack(app, manifest.name, { api: { manifest, appDir: APP_DIR, stage } });
  return Template.fromStack(stack);
}

/** IAM statements of the role of the function named `frontdesk-dev-<app>`. */
function appFunctionStatements(template: Template, app: string): Record<string, unknown>[] {
  const [, fn] =
    Object.entries(template.findResources('AWS::Lambda::Function')).find(([, r]) => r.Properties.FunctionName === `frontdesk-dev-${app}`) ??
    [];
  const roleRef = fn?.Properties.Role['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleRef }] } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('AppApi operations: alarms, dashboard, secrets, gradual deployment', () => {
  const orders = appStack({
    name: 'orders',
    basePath: 'orders',
    routes: { 'GET /': { scopes: ['orders:read'] } },
    secrets: { 'files-signing-key': { source: 'secretsmanager' }, 'db-password': { source: 'ssm' } },
    alarms: { p99LatencyMs: 1000 },
    deployment: { strategy: 'canary', percent: 10, intervalMinutes: 2 },
  });
  const users = appStack({ name: 'users', basePath: 'users', routes: { 'GET /me': { scopes: [] } } });

  it('creates the app’s dashboard and four alarms with the manifest’s thresholds', () => {
    orders.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'frontdesk-dev-orders' });
    orders.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    orders.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'frontdesk-dev-orders-p99-latency', Threshold: 1000 });
    users.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'frontdesk-dev-users-p99-latency', Threshold: 3000 });
  });

  it('grants the app’s function read on its own secrets only, and passes references in FRONTDESK_SECRETS', () => {
    const statements = appFunctionStatements(orders, 'orders');
    const secretStatements = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    expect(secretStatements).toHaveLength(1);
    expect(secretStatements[0]).toMatchObject({
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: { Ref: expect.stringMatching(/SecretsFilesSigningKey/) },
    });
    expect(JSON.stringify(statements)).toContain(':parameter/frontdesk/dev/orders/secrets/db-password');
    orders.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'frontdesk-dev-orders',
      Environment: {
        Variables: Match.objectLike({ FRONTDESK_SECRETS: Match.anyValue(), FRONTDESK_APP: 'orders', FRONTDESK_STAGE: 'dev' }),
      },
    });

    expect(JSON.stringify(appFunctionStatements(users, 'users'))).not.toMatch(/secretsmanager:|ssm:GetParameter/);
    users.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('shifts live by canary through CodeDeploy only when the manifest asks', () => {
    orders.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentGroupName: 'frontdesk-dev-orders' });
    orders.hasResource('AWS::Lambda::Alias', {
      Properties: { Name: 'live' },
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.anyValue() },
    });
    users.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 0);
  });
});

describe('RootGateway operations', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Gateway');
  new RootGateway(stack, 'Gateway', { stage, issuer: 'https://login.example.com/', audience: ['https://api.example.com'] });
  const template = Template.fromStack(stack);

  it('creates the overview dashboard and the authorizer error alarm', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'frontdesk-dev-overview' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'frontdesk-dev-authorizer-errors',
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
    });
  });
});
