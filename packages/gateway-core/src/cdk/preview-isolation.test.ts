import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { defineApp } from '../manifest/define-app.ts';
import { resolveStage } from '../stage.ts';
import { AppStack } from './app-stack.ts';
import { PREVIEW_CDK_QUALIFIER, PREVIEW_PERMISSIONS_BOUNDARY } from './preview-isolation.ts';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** An app stack with a secret rotation function and table-free routes: several roles to check. */
function appStack(stageName: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const manifest = defineApp({
    name: 'orders',
    owner: 'team-x',
    basePath: 'orders',
    handler: 'src/authorizer/handler.ts',
    routes: { 'GET /': { scopes: ['orders:read'] } },
    secrets: { 'files-signing-key': { source: 'secretsmanager' } },
    deployment: { strategy: 'canary', percent: 10, intervalMinutes: 2 },
  });
  const stack = new AppStack(app, manifest.name, { api: { manifest, appDir: APP_DIR, stage: resolveStage(stageName) } });
  return Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    Parameters?: Record<string, { Default?: string }>;
  };
}

describe('preview isolation of app stacks', { timeout: 180_000 }, () => {
  it('puts a preview on the preview bootstrap, with the preview boundary on every role it creates', () => {
    const template = appStack('pr-3');
    expect(template.Parameters?.BootstrapVersion?.Default).toBe(`/cdk-bootstrap/${PREVIEW_CDK_QUALIFIER}/version`);
    const roles = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(1);
    for (const role of roles) {
      expect(JSON.stringify(role.Properties?.PermissionsBoundary)).toContain(`:policy/${PREVIEW_PERMISSIONS_BOUNDARY}`);
    }
  });

  it('names what a preview creates inside the names the boundary allows', () => {
    // The name-scoped resource types of the preview boundary (.github/aws/deploy-roles.yml).
    const nameKeys: Record<string, string> = {
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::CloudWatch::Alarm': 'AlarmName',
      'AWS::CloudWatch::Dashboard': 'DashboardName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::SecretsManager::Secret': 'Name',
      'AWS::SSM::Parameter': 'Name',
      'AWS::Events::Rule': 'Name',
    };
    const named = Object.values(appStack('pr-3').Resources).flatMap((resource) => {
      const value = nameKeys[resource.Type] === undefined ? undefined : resource.Properties?.[nameKeys[resource.Type]!];
      return typeof value === 'string' ? [[resource.Type, value] as const] : [];
    });
    expect(named.length).toBeGreaterThan(3);
    for (const [type, name] of named)
      expect(name, type).toMatch(/^(frontdesk-pr-3-|\/aws\/lambda\/frontdesk-pr-3-|\/frontdesk\/pr-3\/|frontdesk\/pr-3\/)/);
  });

  it('leaves dev and prod on the default bootstrap, without a boundary', () => {
    for (const stage of ['dev', 'prod']) {
      const template = appStack(stage);
      expect(template.Parameters?.BootstrapVersion?.Default).toBe('/cdk-bootstrap/hnb659fds/version');
      expect(JSON.stringify(template)).not.toContain(PREVIEW_PERMISSIONS_BOUNDARY);
    }
  });
});
