import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { shop, synthShop } from '../../cdk/resources/test-fixtures.ts';
import type { StackExtension } from '../../cdk/extension/define-stack.ts';
import type { CfnTemplate } from '../template.ts';
import { lintPolicy } from '../lint.ts';
import { FRONTDESK_RULES } from './index.ts';

const DATA_RULES = FRONTDESK_RULES.filter((rule) => rule.id.startsWith('FD-DATA-'));

function lint(stageName: string, extension?: StackExtension) {
  const { stack, template } = synthShop(stageName, extension);
  const input = {
    apps: [{ dir: 'apps/shop', manifestFile: 'apps/shop/app.config.ts', manifest: shop }],
    stacks: [{ app: 'shop', stackName: stack.stackName, template: template.toJSON() as CfnTemplate, sourceFile: 'apps/shop/bin/app.ts' }],
    stage: stageName,
  };
  return lintPolicy(input, { rules: DATA_RULES }).findings;
}

describe('resource rules (FD-DATA-*)', { timeout: 120_000 }, () => {
  it('pass manifest-declared tables in every stage', () => {
    for (const stage of ['dev', 'prod', 'pr-9']) expect(lint(stage), stage).toEqual([]);
  });

  it('pass extension grants built from the policy blocks', () => {
    expect(lint('prod', ({ tables, grants, function: fn }) => fn.addToRolePolicy(grants.readTable(tables.get('carts')!)))).toEqual([]);
  });

  it('find a table without a KMS key, anywhere in the stack (FD-DATA-001)', () => {
    const findings = lint('dev', ({ scope }) => {
      new Table(scope, 'Plain', { partitionKey: { name: 'id', type: AttributeType.STRING }, encryption: TableEncryption.DEFAULT });
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'FD-DATA-001',
        resource: expect.objectContaining({ path: 'frontdesk-dev-app-shop/Extension/Plain/Resource' }),
      }),
    ]);
  });

  it('find, in prod only, a table without point-in-time recovery (FD-DATA-002) and data not retained (FD-DATA-003)', () => {
    const careless: StackExtension = ({ scope }) => {
      new Table(scope, 'Scratch', {
        partitionKey: { name: 'id', type: AttributeType.STRING },
        encryption: TableEncryption.AWS_MANAGED,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    };
    expect(
      lint('prod', careless)
        .map((finding) => finding.ruleId)
        .sort(),
    ).toEqual(['FD-DATA-002', 'FD-DATA-003']);
    expect(lint('dev', careless)).toEqual([]);
    const snapshot = lint('prod', ({ scope }) => {
      new Table(scope, 'Kept', {
        partitionKey: { name: 'id', type: AttributeType.STRING },
        encryption: TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy: RemovalPolicy.SNAPSHOT,
      });
    });
    expect(snapshot).toEqual([
      expect.objectContaining({ ruleId: 'FD-DATA-003', message: expect.stringContaining('DeletionPolicy Snapshot') }),
    ]);
  });

  it('find grants on a declared table beyond its declared access, whoever holds them (FD-DATA-004)', () => {
    const widened = lint('dev', ({ tables, function: fn }) => {
      tables.get('prices')!.grantReadWriteData(fn);
    });
    expect(widened.length).toBeGreaterThan(0);
    expect(widened.every((finding) => finding.ruleId === 'FD-DATA-004')).toBe(true);
    expect(widened).toContainEqual(
      expect.objectContaining({
        ruleId: 'FD-DATA-004',
        message: expect.stringMatching(
          /grants "dynamodb:BatchWriteItem".*"dynamodb:PutItem".* on table "prices", declared with access "read"/,
        ),
      }),
    );
    const admin = lint('dev', ({ tables, function: fn }) => {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:DeleteTable'], resources: [tables.get('carts')!.tableArn] }));
    });
    expect(admin).toEqual([
      expect.objectContaining({ ruleId: 'FD-DATA-004', message: expect.stringContaining('"dynamodb:DeleteTable" on table "carts"') }),
    ]);
    const wildcard = lint('dev', ({ tables, function: fn }) => {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: [tables.get('carts')!.tableArn] }));
    });
    expect(wildcard.map((finding) => finding.message)).toEqual([expect.stringContaining('"dynamodb:*" on table "carts"')]);
  });
});
