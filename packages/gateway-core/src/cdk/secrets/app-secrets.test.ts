import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { defineApp } from '../../manifest/define-app.ts';
import type { AppManifestInput } from '../../manifest/schema.ts';
import { resolveStage } from '../../stage.ts';
import { AppSecrets } from './app-secrets.ts';

/** An app folder inside a throwaway workspace. */
function appFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'frontdesk-secrets-'));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: [apps/*]\n');
  writeFileSync(join(root, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
  const appDir = join(root, 'apps', 'orders');
  mkdirSync(join(appDir, 'src'), { recursive: true });
  return appDir;
}

function appWithSecrets(stack: Stack, input: AppManifestInput, appDir: string) {
  const manifest = defineApp(input);
  const fn = new LambdaFunction(stack, `${manifest.name}Function`, {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => ({})'),
  });
  const secrets = new AppSecrets(stack, `${manifest.name}Secrets`, { manifest, stage: resolveStage('dev'), function: fn, appDir });
  return { fn, secrets };
}

function synth() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Secrets', { env: { account: '123456789012', region: 'eu-west-1' } });
  const appDir = appFolder();
  const orders = appWithSecrets(
    stack,
    {
      name: 'orders',
      owner: 'team-orders',
      basePath: 'orders',
      routes: { 'GET /': { scopes: ['orders:read'] } },
      secrets: {
        'signing-key': { source: 'secretsmanager', rotation: { days: 30 } },
        'db-password': { source: 'ssm' },
      },
    },
    appDir,
  );
  const users = appWithSecrets(
    stack,
    {
      name: 'users',
      owner: 'team-identity',
      basePath: 'users',
      routes: { 'GET /me': { scopes: [] } },
      secrets: { 'api-key': { source: 'secretsmanager' } },
    },
    appDir,
  );
  return { stack, template: Template.fromStack(stack), orders, users };
}

/** Every IAM statement attached to the role of one function. */
function statementsOf(template: Template, stack: Stack, fn: LambdaFunction): Record<string, unknown>[] {
  const roleId = stack.getLogicalId(fn.role!.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function secretLogicalId(stack: Stack, secrets: AppSecrets, name: string): string {
  const deployed = secrets.secrets.get(name);
  if (deployed?.source !== 'secretsmanager') throw new Error(`${name} is not a Secrets Manager secret`);
  return stack.getLogicalId(deployed.secret.node.defaultChild as never);
}

describe('AppSecrets', () => {
  const { stack, template, orders, users } = synth();

  it('creates Secrets Manager secrets named by stage, app and secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'frontdesk/dev/orders/signing-key' });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'frontdesk/dev/users/api-key' });
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
  });

  it('rotates the declared secret on its schedule with gateway-core’s rotation function', () => {
    const deployed = orders.secrets.secrets.get('signing-key');
    if (deployed?.source !== 'secretsmanager' || !deployed.rotationFunction) throw new Error('expected a rotated Secrets Manager secret');
    const functionId = stack.getLogicalId(deployed.rotationFunction.node.defaultChild as never);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretLogicalId(stack, orders.secrets, 'signing-key') },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotationLambdaARN: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    // Only Secrets Manager may invoke it.
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      Principal: 'secretsmanager.amazonaws.com',
      Action: 'lambda:InvokeFunction',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'frontdesk-dev-orders-rotate-signing-key',
      Runtime: 'nodejs22.x',
      MemorySize: 256,
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('gives the rotation function its own log group and a role scoped to its secret', () => {
    const deployed = orders.secrets.secrets.get('signing-key');
    if (deployed?.source !== 'secretsmanager' || !deployed.rotationFunction) throw new Error('expected a rotated Secrets Manager secret');
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/frontdesk-dev-orders-rotate-signing-key' });
    const statements = statementsOf(template, stack, deployed.rotationFunction);
    const secretId = secretLogicalId(stack, orders.secrets, 'signing-key');
    const actions = statements
      .flatMap((statement) => statement.Action as string | string[])
      .filter((action) => action.startsWith('secretsmanager:'));
    expect(new Set(actions)).toEqual(
      new Set([
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
        'secretsmanager:GetRandomPassword',
      ]),
    );
    for (const statement of statements) {
      const resource = JSON.stringify(statement.Resource);
      // Only actions without resource-level permissions may name "*".
      if (resource === '"*"')
        for (const action of [statement.Action].flat())
          expect(action).toMatch(/^(secretsmanager:GetRandomPassword|xray:PutTraceSegments|xray:PutTelemetryRecords)$/);
      else expect(resource).toMatch(new RegExp(`${secretId}|RotationLogs`));
    }
    const roleId = stack.getLogicalId(deployed.rotationFunction.role!.node.defaultChild as never);
    expect(template.toJSON().Resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('grants each function read on exactly its own secrets', () => {
    const ordersSecret = secretLogicalId(stack, orders.secrets, 'signing-key');
    const usersSecret = secretLogicalId(stack, users.secrets, 'api-key');

    const ordersStatements = statementsOf(template, stack, orders.fn);
    const usersStatements = statementsOf(template, stack, users.fn);

    expect(ordersStatements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Effect: 'Allow',
          Resource: { Ref: ordersSecret },
        }),
        expect.objectContaining({ Action: expect.arrayContaining(['ssm:GetParameter']), Effect: 'Allow' }),
      ]),
    );
    const ssmStatement = ordersStatements.find((statement) => JSON.stringify(statement).includes('ssm:GetParameter'));
    expect(JSON.stringify(ssmStatement?.Resource)).toContain(':parameter/frontdesk/dev/orders/secrets/db-password');
    expect(ordersStatements).toHaveLength(2);
    expect(usersStatements).toEqual([
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: { Ref: usersSecret },
      }),
    ]);
    expect(JSON.stringify(usersStatements)).not.toContain(ordersSecret);
    expect(JSON.stringify(usersStatements)).not.toContain('orders');
  });

  it('passes ARNs and parameter names in FRONTDESK_SECRETS, never values', () => {
    const functionId = stack.getLogicalId(orders.fn.node.defaultChild as never);
    const env = template.toJSON().Resources[functionId].Properties.Environment.Variables.FRONTDESK_SECRETS;
    const rendered = JSON.stringify(env);
    expect(rendered).toContain('\\"signing-key\\":{\\"source\\":\\"secretsmanager\\",\\"id\\":\\"');
    expect(rendered).toContain('\\"db-password\\":{\\"source\\":\\"ssm\\",\\"id\\":\\"/frontdesk/dev/orders/secrets/db-password\\"}');
    expect(rendered).not.toContain('SecretString');
    expect(rendered).not.toContain('resolve:secretsmanager');
  });

  it('leaves a function without declared secrets untouched', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const lone = new Stack(app, 'Lone');
    const { fn } = appWithSecrets(
      lone,
      { name: 'plain', owner: 'team-x', basePath: 'plain', routes: { 'GET /': { scopes: [] } } },
      appFolder(),
    );
    const props = Template.fromStack(lone).toJSON().Resources[lone.getLogicalId(fn.node.defaultChild as never)].Properties;
    expect(props.Environment).toBeUndefined();
    Template.fromStack(lone).resourceCountIs('AWS::SecretsManager::Secret', 0);
  });
});
