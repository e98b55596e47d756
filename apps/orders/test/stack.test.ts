import { fileURLToPath } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routePolicyStageVariables } from '@frontdesk/gateway-core';
import { synthesizedStack } from '@frontdesk/gateway-core/cdk/testing';
import manifest from '../app.config.ts';

/**
 * The stack as `pnpm synth` wrote it to cdk.out for STAGE (dev when unset): the template
 * `cdk deploy --app cdk.out` ships. turbo runs synth before this test; run alone, it synthesizes first.
 */
const { stage, stackName, template } = synthesizedStack(fileURLToPath(new URL('..', import.meta.url)), manifest.name);

/**
 * Point-in-time recovery of a declared table by stage: a preview holds only test data for its pull request.
 * Checked here for the STAGE synthesized (CI runs dev, then prod); gateway-core's src/cdk/stages.test.ts
 * holds every stage's on every `pnpm test`.
 */
const RECOVERY = {
  dev: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
  prod: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
  preview: { PointInTimeRecoveryEnabled: false },
};

describe('orders stack', () => {
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);

  it('keeps orders in its own encrypted table, recoverable outside previews, granted to the function and nothing wider', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: `frontdesk-${stage.name}-orders-orders`,
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: RECOVERY[stage.kind],
    });
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: string[]; Resource: unknown }[],
    );
    const onTable = statements.filter((statement) => JSON.stringify(statement.Resource).includes(`"${tableId}"`));
    expect(onTable).toHaveLength(1);
    expect(onTable[0]!.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
    expect(onTable[0]!.Action).not.toContain('dynamodb:DeleteTable');
  });

  it('names the stack, its function and its API for the stage', () => {
    expect(stackName).toBe(`frontdesk-${stage.name}-app-orders`);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `frontdesk-${stage.name}-orders` });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: `frontdesk-${stage.name}-orders` });
  });

  it('serves every manifest route, each behind the shared authorizer with the scopes published per route', () => {
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(Object.keys(manifest.routes).sort());
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    for (const route of routes) expect(route).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageVariables: Match.objectLike(routePolicyStageVariables(manifest)) });
  });

  it('maps at base path "orders" on the shared domain, without any CloudFormation import', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'orders' });
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });

  it('runs on nodejs22.x with throttling and access logs', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Environment: { Variables: Match.objectLike({ ORDERS_CURRENCY: 'EUR' }) },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: manifest.throttle.rateLimit, ThrottlingBurstLimit: manifest.throttle.burstLimit },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"routeKey":"\\$context.routeKey"') },
    });
  });

  it('lets API Gateway invoke the shared authorizer', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      // By its deterministic name in this account and region, never through the ARN parameter (issue 11 §4).
      FunctionName: { 'Fn::Join': ['', Match.arrayWith([`:function:frontdesk-${stage.name}-authorizer`])] },
    });
  });
});
