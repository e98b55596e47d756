import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { resolveStage } from '../../stage.ts';
import { GatewayOverview } from './gateway-overview.ts';

describe('GatewayOverview', () => {
  const stack = new Stack(new App(), 'Gateway');
  const authorizerFunction = new LambdaFunction(stack, 'Authorizer', {
    functionName: 'frontdesk-pr-7-authorizer',
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => ({ isAuthorized: false })'),
  });
  const accessLogGroup = new LogGroup(stack, 'AccessLogs', { logGroupName: '/frontdesk/pr-7/access' });
  new GatewayOverview(stack, 'Overview', { stage: resolveStage('pr-7'), authorizerFunction, accessLogGroup });
  const template = Template.fromStack(stack);
  const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody);
  const q = '\\\\\\"'; // a double quote inside the JSON dashboard body, as the template renders it

  it('alarms on authorizer errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'frontdesk-pr-7-authorizer-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.anyValue() } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each([
    ['internal-error', 'Denied_internal_error'],
    ['jwks-unavailable', 'Denied_jwks_unavailable'],
    ['replay-store-unavailable', 'Denied_replay_store_unavailable'],
  ])('alarms on fail-closed denials %s across every app of the stage', (name, metric) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `frontdesk-pr-7-authorizer-${name}`,
      Threshold: 1,
      Metrics: [
        Match.objectLike({ Expression: `SELECT SUM(${metric}) FROM SCHEMA("Frontdesk", app, stage) WHERE stage = 'pr-7'`, Period: 300 }),
      ],
    });
  });

  it('shows every app of the stage through SEARCH, so independently deployed apps appear without redeploying it', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'frontdesk-pr-7-overview' });
    for (const metric of ['Requests', 'ServerErrors', 'Latency']) {
      expect(body).toContain(`SEARCH('{Frontdesk,app,service,stage} stage=${q}pr-7${q} MetricName=${q}${metric}${q}'`);
    }
    expect(body).not.toContain('orders');
  });

  it('shows authorizer allows and denials by code', () => {
    expect(body).toContain(`SEARCH('{Frontdesk,app,stage} stage=${q}pr-7${q} (MetricName=${q}Allowed${q} OR MetricName=${q}Denied${q})`);
    expect(body).toContain(`SEARCH('{Frontdesk,app,stage} stage=${q}pr-7${q} NOT MetricName=${q}Allowed${q} NOT MetricName=${q}Denied${q}`);
  });

  it('queries the shared access log by base path and status', () => {
    expect(body).toContain('stats count(*) as requests by basePath, status');
    expect(body).toContain(`SOURCE '",{"Ref":"${stack.getLogicalId(accessLogGroup.node.defaultChild as never)}"}`);
  });
});
