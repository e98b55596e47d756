import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { lintPolicy } from '@frontdesk/gateway-core/policy';
import { synthesizeWith } from './synthesize.ts';

// A real (tiny) CDK app written the careless way: the lint must catch it through both rule sets.
describe('synthesizeWith', () => {
  const synthesized = synthesizeWith('careless', 'apps/careless/app.config.ts', (app) => {
    const stack = new Stack(app, 'frontdesk-dev-app-careless');
    const fn = new LambdaFunction(stack, 'Handler', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({})'),
      environment: { STRIPE_KEY: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' },
    });
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
  });

  it('returns the template with construct paths and cdk-nag’s violations as findings', () => {
    expect(synthesized.stacks).toEqual([
      expect.objectContaining({ app: 'careless', stackName: 'frontdesk-dev-app-careless', sourceFile: 'apps/careless/app.config.ts' }),
    ]);
    const nagIds = synthesized.nagFindings.map((finding) => finding.ruleId);
    expect(nagIds).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM5[Action::s3:*]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'Serverless-LambdaTracing',
      ]),
    );
    const wildcard = synthesized.nagFindings.find((finding) => finding.ruleId === 'AwsSolutions-IAM5[Action::s3:*]');
    expect(wildcard?.resource).toEqual({
      path: 'frontdesk-dev-app-careless/Handler/ServiceRole/DefaultPolicy/Resource',
      logicalId: expect.stringMatching(/^HandlerServiceRoleDefaultPolicy/),
    });
    expect(synthesized.acknowledged).toEqual([]);
  });

  it('feeds Frontdesk’s own rules, which find the same sprawl and more', () => {
    const result = lintPolicy({ apps: [], stacks: synthesized.stacks, externalFindings: synthesized.nagFindings });
    const own = new Set(result.findings.map((finding) => finding.ruleId).filter((id) => id.startsWith('FD-')));
    expect([...own].sort()).toEqual(['FD-IAM-001', 'FD-IAM-002', 'FD-OPS-003', 'FD-OPS-004', 'FD-SECRET-001']);
  });
});
