import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '@frontdesk/gateway-core/policy';
import { diffGrants, diffInvokePermissions, grantsOf } from './grants.ts';

const path = (p: string) => ({ 'aws:cdk:path': `frontdesk-prod-app-orders/${p}/Resource` });
function template(statements: unknown[], extra: Record<string, unknown> = {}, managed: unknown[] = []): CfnTemplate {
  return {
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Metadata: path('App/FunctionRole'), Properties: { ManagedPolicyArns: managed } },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Metadata: path('App/FunctionRole/DefaultPolicy'),
        Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: statements } },
      },
      Table: { Type: 'AWS::DynamoDB::Table', Metadata: path('App/Table') },
      ...extra,
    } as CfnTemplate['Resources'],
  };
}
const read = { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': ['Table', 'Arn'] } };

describe('grants from templates', () => {
  it('splits statements into one grant per action and resource, named by construct path', () => {
    const grants = grantsOf(
      template([
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: [{ 'Fn::GetAtt': ['Table', 'Arn'] }, 'arn:aws:s3:::b'],
        },
      ]),
    );
    expect(grants.map((grant) => `${grant.principal} ${grant.action} ${grant.resource}`)).toEqual([
      'App/FunctionRole dynamodb:GetItem ${App/Table.Arn}',
      'App/FunctionRole dynamodb:GetItem arn:aws:s3:::b',
      'App/FunctionRole dynamodb:PutItem ${App/Table.Arn}',
      'App/FunctionRole dynamodb:PutItem arn:aws:s3:::b',
    ]);
  });

  it('calls a new action on a resource that already existed widened (platform), and on a new resource the app owner’s', () => {
    const base = template([read]);
    const widened = diffGrants(base, template([read, { ...read, Action: 'dynamodb:Scan' }]), false);
    expect(widened).toEqual([
      expect.objectContaining({
        kind: 'grant-widened',
        review: 'platform',
        title: 'grant widened: App/FunctionRole may dynamodb:Scan on ${App/Table.Arn}',
        reason: 'App/Table existed before: the principal gains access to it',
      }),
    ]);
    const onNew = diffGrants(
      base,
      template([read, { ...read, Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Action: 'sqs:SendMessage' }], {
        Queue: { Type: 'AWS::SQS::Queue', Metadata: path('App/Queue') },
      }),
      false,
    );
    expect(onNew).toEqual([
      expect.objectContaining({
        kind: 'grant-added',
        review: 'app-owner',
        title: 'new resource grant: App/FunctionRole may sqs:SendMessage on ${App/Queue.Arn}',
      }),
    ]);
  });

  it('calls wildcards, NotAction, managed policies, outside resources and removed denies widened; allow-listed ones the app owner’s', () => {
    const base = template([read, { Effect: 'Deny', Action: 'dynamodb:DeleteTable', Resource: '*' }]);
    const head = template(
      [
        read,
        { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
        { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::c' },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:1:other' },
        { Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' },
      ],
      {},
      ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited'],
    );
    const changes = diffGrants(base, head, false).map((change) => `${change.review} ${change.kind}: ${change.title} — ${change.reason}`);
    expect(changes).toEqual([
      'platform grant-widened: grant widened: App/FunctionRole may use on arn:aws:iam::aws:policy/AdministratorAccess — attaches the managed policy arn:aws:iam::aws:policy/AdministratorAccess; least privilege names actions and resources',
      expect.stringMatching(
        /^app-owner grant-added: grant added: App\/FunctionRole may use on arn:aws:iam::aws:policy\/service-role\/AWSCodeDeployRoleForLambdaLimited — on the policy lint's allow-list/,
      ),
      'platform grant-widened: grant widened: App/FunctionRole may s3:* on arn:aws:s3:::b/* — the action s3:* is a wildcard; least privilege names actions and resources',
      'platform grant-widened: grant widened: App/FunctionRole may NotAction:iam:* on arn:aws:s3:::c — allows every action except iam:*; least privilege names actions and resources',
      'platform grant-widened: grant widened: App/FunctionRole may sqs:SendMessage on arn:aws:sqs:eu-west-1:1:other — the resource is outside this stack',
      expect.stringMatching(
        /^app-owner grant-added: grant added: App\/FunctionRole may xray:PutTraceSegments on \* — on the policy lint's allow-list: X-Ray/,
      ),
      'platform grant-widened: deny removed: App/FunctionRole dynamodb:DeleteTable on * — removing a Deny widens what the principal may do',
    ]);
  });

  it('sees a resource wildcard inside an ARN but not inside an intrinsic', () => {
    const base = template([]);
    expect(
      diffGrants(
        base,
        template([{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/*']] } }]),
        false,
      )[0],
    ).toMatchObject({ review: 'platform', reason: expect.stringContaining('is a wildcard') });
  });

  it('reports a function newly invocable by anyone but API Gateway with a source', () => {
    const permission = (props: Record<string, unknown>) => ({
      P: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'fn', ...props } },
    });
    expect(
      diffInvokePermissions(template([]), template([], permission({ Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:x' }))),
    ).toEqual([]);
    expect(diffInvokePermissions(template([]), template([], permission({ Principal: '*' })))).toEqual([
      expect.objectContaining({
        review: 'platform',
        title: 'function invocable by a new principal: * may lambda:InvokeFunction on fn from any source',
      }),
    ]);
  });
});
