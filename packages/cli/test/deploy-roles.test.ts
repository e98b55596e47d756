import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readText, readYaml, repoRoot } from './repo.ts';

const templateFile = join(repoRoot, '.github/aws/deploy-roles.yml');

/** Loads the roles template through CDK, which resolves every intrinsic and resource type. */
function synthesize(parameters: Record<string, string>): Template {
  const stack = new Stack(new App(), 'DeployRoles', { env: { account: '123456789012', region: 'eu-west-1' } });
  new CfnInclude(stack, 'Roles', { templateFile, parameters });
  return Template.fromStack(stack);
}

interface Job {
  environment?: string | { name: string };
  steps: { uses?: string; with?: Record<string, string> }[];
}

/** The (environment, role variable) pairs of every workflow job that assumes an AWS role. */
function roleAssumingJobs(): { environment: string | undefined; roleVariable: string }[] {
  return ['preview.yml', 'release.yml'].flatMap((name) =>
    Object.values(readYaml<{ jobs: Record<string, Job> }>(`.github/workflows/${name}`).jobs).flatMap((job) =>
      job.steps
        .filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))
        .map((step) => ({
          environment: typeof job.environment === 'string' ? job.environment : job.environment?.name,
          roleVariable: /vars\.(\w+)/.exec(step.with?.['role-to-assume'] ?? '')?.[1] ?? '',
        })),
    ),
  );
}

describe('.github/aws/deploy-roles.yml', () => {
  const template = synthesize({ GitHubRepository: 'acme/frontdesk' });

  it('trusts only the repository environment each workflow job runs in', () => {
    const jobs = roleAssumingJobs();
    expect(jobs.map((job) => job.environment).sort()).toEqual(['preview', 'preview', 'production']);
    for (const environment of ['preview', 'production']) {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: {
                  'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                  'token.actions.githubusercontent.com:sub': { 'Fn::Sub': `repo:acme/frontdesk:environment:${environment}` },
                },
              },
            }),
          ],
        },
      });
    }
  });

  it('documents the repository variables the workflows read', () => {
    const outputs = readYaml<{ Outputs: Record<string, { Description: string }> }>('.github/aws/deploy-roles.yml').Outputs;
    const documented = Object.values(outputs).map((output) => /AWS_\w+_ROLE_ARN/.exec(output.Description)?.[0]);
    for (const { roleVariable } of roleAssumingJobs()) expect(documented).toContain(roleVariable);
  });

  it('lets the preview role delete only preview stacks, and deploy only through the CDK bootstrap roles', () => {
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: Match.arrayWith([
        Match.objectLike({
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: Match.arrayWith([
              Match.objectLike({
                Action: 'cloudformation:DeleteStack',
                Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:*:${AWS::AccountId}:stack/frontdesk-pr-*/*' },
              }),
            ]),
          },
        }),
      ]),
    });
    expect(readText('.github/aws/deploy-roles.yml')).not.toMatch(/Action:\s*["']?\*/);
  });

  it('creates the OIDC provider unless the account has one', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    const json = template.toJSON() as { Conditions: Record<string, unknown> };
    expect(json.Conditions.CreateProvider).toEqual({ 'Fn::Equals': [{ Ref: 'CreateOidcProvider' }, 'true'] });
    const withoutProvider = synthesize({ GitHubRepository: 'acme/frontdesk', CreateOidcProvider: 'false' }).toJSON() as {
      Conditions: Record<string, unknown>;
    };
    expect(withoutProvider.Conditions.CreateProvider).toEqual({ 'Fn::Equals': ['false', 'true'] });
  });
});
