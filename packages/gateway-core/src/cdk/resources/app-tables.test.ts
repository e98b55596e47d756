import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_ACCESS_ACTIONS } from '../../manifest/tables.ts';
import { synthShop } from './test-fixtures.ts';

const tableId = (template: Template, name: string) =>
  Object.entries(template.findResources('AWS::DynamoDB::Table')).find(([, resource]) => resource.Properties.TableName === name)![0];

describe('AppTables', () => {
  it('creates each declared table encrypted, recoverable for 35 days, protected and retained in prod', () => {
    const { template } = synthShop('prod');
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        TableName: 'frontdesk-prod-shop-carts',
        KeySchema: [
          { AttributeName: 'owner', KeyType: 'HASH' },
          { AttributeName: 'at', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([{ AttributeName: 'at', AttributeType: 'N' }]),
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
  });

  it('keeps 7 days in dev, and nothing (destroyable) in previews', () => {
    synthShop('dev').template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
    });
    const preview = synthShop('pr-4').template;
    preview.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: {
        TableName: 'frontdesk-pr-4-shop-prices',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
        DeletionProtectionEnabled: false,
      },
    });
  });

  it('grants the function exactly the declared access on exactly its table, never "*"', () => {
    const { template } = synthShop('dev');
    const carts = tableId(template, 'frontdesk-dev-shop-carts');
    const prices = tableId(template, 'frontdesk-dev-shop-prices');
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const on = (id: string) => statements.filter((statement) => JSON.stringify(statement.Resource).includes(`"${id}"`));
    expect(on(carts)).toEqual([
      { Effect: 'Allow', Action: [...TABLE_ACCESS_ACTIONS.readWrite], Resource: { 'Fn::GetAtt': [carts, 'Arn'] } },
    ]);
    expect(on(prices)).toEqual([{ Effect: 'Allow', Action: [...TABLE_ACCESS_ACTIONS.read], Resource: { 'Fn::GetAtt': [prices, 'Arn'] } }]);
    expect(TABLE_ACCESS_ACTIONS.read).not.toContain('dynamodb:PutItem');
    for (const statement of statements)
      expect([statement.Action].flat().filter((action) => action.startsWith('dynamodb:') && action.endsWith('*'))).toEqual([]);
  });

  it('tells the function the physical names in FRONTDESK_TABLES', () => {
    const { template } = synthShop('dev');
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'frontdesk-dev-shop' } }));
    const encoded = fn!.Properties.Environment.Variables.FRONTDESK_TABLES;
    expect(JSON.parse(typeof encoded === 'string' ? encoded : JSON.stringify(encoded))).toEqual({
      carts: 'frontdesk-dev-shop-carts',
      prices: 'frontdesk-dev-shop-prices',
    });
  });

  it('runs the stack extension with the function, the tables and the policy blocks, under <stack>/Extension', () => {
    let seen: string[] = [];
    const { stack } = synthShop('dev', ({ scope, tables, grants, function: fn }) => {
      seen = [...tables.keys()];
      fn.addToRolePolicy(grants.readTable(tables.get('prices')!));
      expect(scope.node.path).toBe('frontdesk-dev-app-shop/Extension');
    });
    expect(seen).toEqual(['carts', 'prices']);
    expect(stack.node.tryFindChild('Extension')).toBeDefined();
  });
});
