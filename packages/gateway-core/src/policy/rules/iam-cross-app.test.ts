import { describe, expect, it } from 'vitest';
import { cleanTemplate } from '../fixtures/clean-app.ts';
import { classifyResource } from './iam-cross-app.ts';

const arn = (tail: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':', tail]] });
const others = new Set(['users']);

describe('classifyResource', () => {
  const template = cleanTemplate();
  it('treats references to the stack’s own resources as own', () => {
    expect(classifyResource({ 'Fn::GetAtt': ['HandlerLogs', 'Arn'] }, template, 'orders', others).kind).toBe('own');
    expect(classifyResource({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['HandlerLogs', 'Arn'] }, ':*']] }, template, 'orders', others).kind).toBe(
      'own',
    );
  });

  it('allows shared /frontdesk/<stage>/ parameters and the app’s own namespace, not another app’s', () => {
    expect(classifyResource(arn('ssm:eu-west-1:1:parameter/frontdesk/dev/authorizer/issuer'), template, 'orders', others).kind).toBe(
      'shared',
    );
    expect(classifyResource(arn('ssm:eu-west-1:1:parameter/frontdesk/pr-7/orders/flags'), template, 'orders', others).kind).toBe('shared');
    expect(classifyResource(arn('ssm:eu-west-1:1:parameter/frontdesk/dev/users/db-url'), template, 'orders', others).kind).toBe('foreign');
    expect(classifyResource(arn('secretsmanager:eu-west-1:1:secret:frontdesk/dev/apps/users/key'), template, 'orders', others).kind).toBe(
      'foreign',
    );
    // A parameter's *value* (here a function ARN) is not the shared parameter itself: granting on it reaches whatever the value names.
    expect(classifyResource({ Ref: 'AuthorizerArnParameter' }, template, 'orders', others).kind).toBe('foreign');
  });

  it('treats anything else outside the stack as foreign', () => {
    expect(classifyResource('arn:aws:dynamodb:eu-west-1:1:table/users', template, 'orders', others)).toEqual({
      kind: 'foreign',
      arn: 'arn:aws:dynamodb:eu-west-1:1:table/users',
    });
    expect(classifyResource({ 'Fn::ImportValue': 'users-table-arn' }, template, 'orders', others).kind).toBe('foreign');
    expect(classifyResource('*', template, 'orders', others).kind).toBe('wildcard');
  });
});
