import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alias, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { defineApp } from '../../manifest/define-app.ts';
import type { AppManifestInput } from '../../manifest/schema.ts';
import { resolveStage } from '../../stage.ts';
import { AppObservability } from './app-observability.ts';
import { GradualDeployment, isGradual } from './gradual-deployment.ts';

function synth(extra: Partial<AppManifestInput> = {}) {
  const manifest = defineApp({
    name: 'orders',
    owner: 'team-orders',
    basePath: 'orders',
    routes: { 'GET /': { scopes: ['orders:read'] } },
    ...extra,
  });
  const stack = new Stack(new App(), 'Orders');
  const fn = new LambdaFunction(stack, 'Function', {
    functionName: 'frontdesk-dev-orders',
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => ({})'),
  });
  const alias = new Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
  const httpApi = new HttpApi(stack, 'Api');
  const stage = resolveStage('dev');
  const observability = new AppObservability(stack, 'Observability', { manifest, stage, function: fn, httpApi });
  if (isGradual(manifest.deployment)) {
    new GradualDeployment(stack, 'Deployment', {
      appName: manifest.name,
      stage,
      alias,
      settings: manifest.deployment,
      alarms: observability.alarms,
    });
  }
  return { stack, template: Template.fromStack(stack), observability };
}

describe('AppObservability', () => {
  const { template, observability } = synth();

  it('alarms on the 5xx rate of the app’s API with the default 5%', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'frontdesk-dev-orders-5xx-rate',
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' }),
        Match.objectLike({
          Id: 'errors',
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' }),
            Stat: 'Sum',
            Period: 300,
          }),
        }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Count' }) }) }),
      ]),
    });
  });

  it('alarms on p99 latency, throttles and function errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'frontdesk-dev-orders-p99-latency',
      MetricName: 'Latency',
      Namespace: 'AWS/ApiGateway',
      ExtendedStatistic: 'p99',
      Threshold: 3000,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'frontdesk-dev-orders-throttles',
      MetricName: 'Throttles',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.anyValue() } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'frontdesk-dev-orders-function-errors',
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 1,
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    expect(observability.alarms).toHaveLength(4);
  });

  it('takes thresholds and the period from the manifest', () => {
    const custom = synth({
      alarms: { serverErrorRatePercent: 1, p99LatencyMs: 800, throttles: 5, functionErrors: 3, periodMinutes: 1 },
    }).template;
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'frontdesk-dev-orders-5xx-rate', Threshold: 1 });
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'frontdesk-dev-orders-p99-latency', Threshold: 800, Period: 60 });
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'frontdesk-dev-orders-throttles', Threshold: 5 });
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'frontdesk-dev-orders-function-errors', Threshold: 3 });
  });

  it('builds a dashboard with per-route Frontdesk metrics, authorizer decisions and recent errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'frontdesk-dev-orders' });
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody);
    expect(body).toContain(
      `SEARCH('{Frontdesk,app,route,service,stage} app=\\\\\\"orders\\\\\\" stage=\\\\\\"dev\\\\\\" MetricName=\\\\\\"Requests\\\\\\"', 'Sum', 60)`,
    );
    expect(body).toContain('MetricName=\\\\\\"Latency\\\\\\"');
    expect(body).toContain(`SEARCH('{Frontdesk,app,stage} app=\\\\\\"orders\\\\\\" stage=\\\\\\"dev\\\\\\"', 'Sum', 60)`);
    expect(body).toContain('/aws/lambda/frontdesk-dev-orders');
    expect(body).toContain('filter level = \\\\\\"ERROR\\\\\\"');
  });

  it('creates no CodeDeploy resources for the default all-at-once deploy', () => {
    template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 0);
  });
});

describe('GradualDeployment', () => {
  it('shifts the live alias by canary and rolls back on the app alarms', () => {
    const { template } = synth({ deployment: { strategy: 'canary', percent: 10, intervalMinutes: 5 } });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      ComputePlatform: 'Lambda',
      TrafficRoutingConfig: { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryInterval: 5, CanaryPercentage: 10 } },
    });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentGroupName: 'frontdesk-dev-orders',
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM']),
      },
      AlarmConfiguration: { Enabled: true, Alarms: Match.arrayWith([Match.objectLike({ Name: Match.anyValue() })]) },
    });
    const group = Object.values(template.findResources('AWS::CodeDeploy::DeploymentGroup'))[0];
    expect(group?.Properties.AlarmConfiguration.Alarms).toHaveLength(4);
    template.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.objectLike({ ApplicationName: Match.anyValue() }) },
    });
  });

  it('shifts linearly when asked', () => {
    const { template } = synth({ deployment: { strategy: 'linear', percent: 20, intervalMinutes: 2 } });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      TrafficRoutingConfig: { Type: 'TimeBasedLinear', TimeBasedLinear: { LinearInterval: 2, LinearPercentage: 20 } },
    });
  });
});
