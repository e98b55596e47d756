import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveStage, routePolicyStageVariables } from '@frontdesk/gateway-core';
import { AppStack, appStackName } from '@frontdesk/gateway-core/cdk';
import manifest from '../app.config.ts';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * The stack bin/app.ts builds, with esbuild skipped (the real bundle is proven by `pnpm synth`)
 * and without CDK's CloudFormation schema check (~6 s of WebAssembly start-up; it only warns, and runs under `cdk deploy`).
 */
function synth(stageName: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  const stage = resolveStage(stageName);
  const stack = new AppStack(app, appStackName(stage, manifest.name), { api: { manifest, appDir, stage } });
  return { stack, template: Template.fromStack(stack) };
}

describe('orders stack', () => {
  const { stack, template } = synth('dev');
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);

  it('keeps orders in its own encrypted, recoverable table, granted to the function and nothing wider', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'frontdesk-dev-orders-orders',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
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

  it('carries the stage in its name', () => {
    expect(stack.stackName).toBe('frontdesk-dev-app-orders');
    expect(synth('pr-42').stack.stackName).toBe('frontdesk-pr-42-app-orders');
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
      FunctionName: { 'Fn::Join': ['', Match.arrayWith([':function:frontdesk-dev-authorizer'])] },
    });
  });
});
