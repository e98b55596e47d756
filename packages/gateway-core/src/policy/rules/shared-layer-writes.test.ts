import { describe, expect, it } from 'vitest';
import { cleanInput, cleanTemplate } from '../fixtures/clean-app.ts';
import type { PolicyInput, PolicyStack } from '../input.ts';
import { lintPolicy } from '../lint.ts';
import type { CfnResource, CfnTemplate } from '../template.ts';

type Resources = Record<string, CfnResource>;
const pseudo = (tail: readonly [string, string]) => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':', tail[0], ':', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', tail[1]],
  ],
});

/** The clean orders stack, for stage `dev`, with `extra` resources added. */
function withResources(extra: Resources, edit?: (resources: Resources) => void): PolicyInput {
  const input = cleanInput();
  const template = structuredClone(cleanTemplate()) as CfnTemplate & { Resources: Resources };
  Object.assign(template.Resources, extra);
  edit?.(template.Resources);
  return { ...input, stage: 'dev', stacks: [{ ...(input.stacks?.[0] as PolicyStack), template }] };
}

const policy = (statement: Record<string, unknown>): Resources => ({
  Sprawl: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', ...statement }] } } },
});

const ruleFindings = (input: PolicyInput, ruleId: string) => lintPolicy(input).findings.filter((finding) => finding.ruleId === ruleId);

describe('FD-IAM-004: app stacks only read the shared layer', () => {
  it.each([
    [
      'a put on the authorizer’s parameter',
      { Action: 'ssm:PutParameter', Resource: 'arn:aws:ssm:eu-west-1:1:parameter/frontdesk/dev/authorizer/function-arn' },
    ],
    ['ssm:* on the whole stage namespace', { Action: 'ssm:*', Resource: pseudo(['ssm', 'parameter/frontdesk/dev/*']) }],
    ['a delete on any parameter, in any account', { Action: 'ssm:DeleteParameter', Resource: 'arn:aws:ssm:*:*:parameter/*' }],
    [
      'NotAction on shared parameters',
      { NotAction: 'ssm:GetParameter', Resource: pseudo(['ssm', 'parameter/frontdesk/dev/authorizer/*']) },
    ],
    [
      'a new code version for the authorizer',
      { Action: 'lambda:UpdateFunctionCode', Resource: pseudo(['lambda', 'function:frontdesk-dev-authorizer']) },
    ],
    ['AddPermission on any function', { Action: 'lambda:AddPermission', Resource: pseudo(['lambda', 'function:*']) }],
    [
      'a secret of the shared layer rewritten',
      { Action: 'secretsmanager:PutSecretValue', Resource: pseudo(['secretsmanager', 'secret:frontdesk/dev/idp-*']) },
    ],
  ])('reports %s', (_, statement) => {
    const findings = ruleFindings(withResources(policy(statement)), 'FD-IAM-004');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('shared layer');
  });

  it.each([
    [
      'reads of shared parameters',
      { Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: pseudo(['ssm', 'parameter/frontdesk/dev/authorizer/*']) },
    ],
    [
      'writes in the app’s own namespace',
      { Action: 'ssm:PutParameter', Resource: pseudo(['ssm', 'parameter/frontdesk/dev/orders/flags']) },
    ],
    [
      'writes in the app’s own apps/<app>/ namespace',
      { Action: 'ssm:PutParameter', Resource: pseudo(['ssm', 'parameter/frontdesk/dev/apps/orders/cursor']) },
    ],
    ['actions on unrelated resources', { Action: 'dynamodb:PutItem', Resource: pseudo(['dynamodb', 'table/orders']) }],
  ])('allows %s', (_, statement) => {
    expect(ruleFindings(withResources(policy(statement)), 'FD-IAM-004')).toEqual([]);
  });

  it('reports a parameter an app stack writes into the shared namespace, not one in its own', () => {
    const input = withResources({
      Swap: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Name: '/frontdesk/dev/authorizer/function-arn',
          Type: 'String',
          Value: 'arn:aws:lambda:eu-west-1:1:function:allow-all',
        },
      },
      Own: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/frontdesk/dev/orders/feature-flags', Type: 'String', Value: '{}' } },
    });
    expect(ruleFindings(input, 'FD-IAM-004').map((finding) => finding.resource.logicalId)).toEqual(['Swap']);
  });

  it('allows API Gateway to invoke the authorizer for the app’s own API only', () => {
    const fn = pseudo(['lambda', 'function:frontdesk-dev-authorizer']);
    const sourceArn = (api: string) => ({
      'Fn::Join': [
        '',
        ['arn:aws:execute-api:eu-west-1:', { Ref: 'AWS::AccountId' }, ':', { Ref: api }, '/authorizers/', { Ref: 'Authorizer' }],
      ],
    });
    const input = withResources({
      Scoped: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: fn,
          Principal: 'apigateway.amazonaws.com',
          SourceArn: sourceArn('Api'),
        },
      },
      Anyone: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: fn, Principal: '*' } },
      AnyApi: {
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: fn, Principal: 'apigateway.amazonaws.com' },
      },
      Retry: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: { FunctionName: 'frontdesk-dev-authorizer', Qualifier: '$LATEST', MaximumRetryAttempts: 0 },
      },
    });
    expect(
      ruleFindings(input, 'FD-IAM-004')
        .map((finding) => finding.resource.logicalId)
        .sort(),
    ).toEqual(['AnyApi', 'Anyone']);
  });
});

describe('FD-AUTH-001: a protected route’s authorizer is the shared Frontdesk one', () => {
  const routeAuthorizer = (edit: (authorizer: Record<string, unknown>, route: Record<string, unknown>) => void) =>
    withResources({}, (resources) =>
      edit(resources.Authorizer?.Properties as Record<string, unknown>, resources.RouteList?.Properties as Record<string, unknown>),
    );

  it('accepts the deterministic authorizer in the stack’s own account and region', () => {
    expect(
      ruleFindings(
        routeAuthorizer(() => {}),
        'FD-AUTH-001',
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'a JWT authorizer',
      (_: Record<string, unknown>, route: Record<string, unknown>) => Object.assign(route, { AuthorizationType: 'JWT' }),
    ],
    [
      'an IAM authorizer',
      (_: Record<string, unknown>, route: Record<string, unknown>) =>
        Object.assign(route, { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined }),
    ],
    [
      'a Lambda authorizer addressed by a parameter’s value',
      (authorizer: Record<string, unknown>) =>
        Object.assign(authorizer, {
          AuthorizerUri: {
            'Fn::Join': [
              '',
              [
                'arn:aws:apigateway:',
                { Ref: 'AWS::Region' },
                ':lambda:path/2015-03-31/functions/',
                { Ref: 'AuthorizerArnParameter' },
                '/invocations',
              ],
            ],
          },
        }),
    ],
    [
      'the authorizer name in another account',
      (authorizer: Record<string, unknown>) =>
        Object.assign(authorizer, {
          AuthorizerUri:
            'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:999999999999:function:frontdesk-dev-authorizer/invocations',
        }),
    ],
    [
      'another stage’s authorizer',
      (authorizer: Record<string, unknown>) =>
        Object.assign(authorizer, {
          AuthorizerUri:
            (authorizer.AuthorizerUri as string | object) &&
            JSON.parse(JSON.stringify(authorizer.AuthorizerUri).replace('frontdesk-dev-authorizer', 'frontdesk-pr-1-authorizer')),
        }),
    ],
    [
      'an alias of the authorizer',
      (authorizer: Record<string, unknown>) =>
        Object.assign(authorizer, {
          AuthorizerUri: JSON.parse(
            JSON.stringify(authorizer.AuthorizerUri).replace('authorizer/invocations', 'authorizer:open/invocations'),
          ),
        }),
    ],
  ])('reports a protected route behind %s', (_, edit) => {
    const findings = ruleFindings(routeAuthorizer(edit), 'FD-AUTH-001');
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringContaining('route "GET /"')]);
  });
});
