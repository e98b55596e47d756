import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryWidget,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DenialCode } from '../../authorizer/denial-codes.ts';
import { APP_METRIC, AUTHORIZER_METRIC, METRICS_NAMESPACE } from '../../runtime/metric-names.ts';
import type { Stage } from '../../stage.ts';
import { APP_DIMENSIONS, AUTHORIZER_DIMENSIONS, frontdeskSearch } from './search.ts';

/**
 * Denial codes that mean the authorizer could not decide and failed closed: every request it
 * fronts is being refused, while the function itself reports no error.
 */
const FAIL_CLOSED_CODES = ['internal_error', 'jwks_unavailable', 'replay_store_unavailable'] as const satisfies readonly DenialCode[];

export interface GatewayOverviewProps {
  readonly stage: Stage;
  /** The shared authorizer function. */
  readonly authorizerFunction: IFunction;
  /** The shared access-log group every app's API writes to. */
  readonly accessLogGroup?: ILogGroup;
  /**
   * Authorizer errors (the function threw or timed out; API Gateway answers 500) that fire the alarm.
   * @default 1 in 5 minutes
   */
  readonly authorizerErrorThreshold?: number;
}

/**
 * The stage's overview dashboard across every app, the alarm on authorizer errors (the function
 * threw or timed out) and alarms on fail-closed denials (it could not reach the issuer, the replay
 * store, or hit a bug, and denied). Apps
 * deploy independently of the shared stack, so the per-app graphs are CloudWatch SEARCH
 * expressions over the `Frontdesk` namespace: an app appears as soon as it serves traffic,
 * without redeploying this stack.
 *
 * @example
 * new GatewayOverview(this, 'Overview', { stage, authorizerFunction, accessLogGroup });
 */
export class GatewayOverview extends Construct {
  public readonly authorizerErrorAlarm: Alarm;
  /** One alarm per {@link FAIL_CLOSED_CODES} code, summed across every app of the stage. */
  public readonly failClosedAlarms: readonly Alarm[];
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: GatewayOverviewProps) {
    super(scope, id);
    const { stage, authorizerFunction } = props;
    const prefix = `frontdesk-${stage.name}`;

    this.authorizerErrorAlarm = new Alarm(this, 'AuthorizerErrorAlarm', {
      alarmName: `${prefix}-authorizer-errors`,
      alarmDescription: `The ${stage.name} authorizer failed invocations: API Gateway answers 500 to every protected route it fronts`,
      metric: authorizerFunction.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: props.authorizerErrorThreshold ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // Decision metrics carry an `app` dimension; a Metrics Insights query sums them across apps,
    // including apps deployed after this stack.
    this.failClosedAlarms = FAIL_CLOSED_CODES.map(
      (code) =>
        new Alarm(this, `FailClosed${code.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}Alarm`, {
          alarmName: `${prefix}-authorizer-${code.replaceAll('_', '-')}`,
          alarmDescription: `The ${stage.name} authorizer denied requests with ${code}: it could not decide and failed closed`,
          metric: new MathExpression({
            expression: `SELECT SUM(${AUTHORIZER_METRIC.deniedPrefix}${code}) FROM SCHEMA("${METRICS_NAMESPACE}", app, stage) WHERE stage = '${stage.name}'`,
            usingMetrics: {},
            period: Duration.minutes(5),
            label: `Denied_${code}`,
          }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );

    const period = Duration.minutes(1);
    const inStage = `stage="${stage.name}"`;
    const byApp = (metric: string, statistic: string) =>
      frontdeskSearch({ dimensions: APP_DIMENSIONS, terms: `${inStage} MetricName="${metric}"`, statistic, period });

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${prefix}-overview` });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: 'Shared layer alarms',
        alarms: [this.authorizerErrorAlarm, ...this.failClosedAlarms],
        width: 24,
        height: 3,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Requests by app', left: [byApp(APP_METRIC.requests, 'Sum')], width: 8 }),
      new GraphWidget({ title: 'Server errors by app', left: [byApp(APP_METRIC.serverErrors, 'Sum')], width: 8 }),
      new GraphWidget({ title: 'Handler latency p99 by app (ms)', left: [byApp(APP_METRIC.latency, 'p99')], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Authorizer: allowed and denied by app',
        left: [
          frontdeskSearch({
            dimensions: AUTHORIZER_DIMENSIONS,
            terms: `${inStage} (MetricName="${AUTHORIZER_METRIC.allowed}" OR MetricName="${AUTHORIZER_METRIC.denied}")`,
            statistic: 'Sum',
            period,
          }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Authorizer: denials by code',
        left: [
          frontdeskSearch({
            dimensions: AUTHORIZER_DIMENSIONS,
            terms: `${inStage} NOT MetricName="${AUTHORIZER_METRIC.allowed}" NOT MetricName="${AUTHORIZER_METRIC.denied}"`,
            statistic: 'Sum',
            period,
          }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Authorizer function',
        left: [
          authorizerFunction.metricInvocations({ period, statistic: 'Sum', label: 'invocations' }),
          authorizerFunction.metricErrors({ period, statistic: 'Sum', label: 'errors' }),
          authorizerFunction.metricThrottles({ period, statistic: 'Sum', label: 'throttles' }),
        ],
        right: [authorizerFunction.metricDuration({ period, statistic: 'p99', label: 'duration p99 (ms)' })],
        width: 8,
      }),
    );
    if (props.accessLogGroup) {
      this.dashboard.addWidgets(
        new LogQueryWidget({
          title: 'Access log: responses by app (base path) and status',
          logGroupNames: [props.accessLogGroup.logGroupName],
          queryLines: ['stats count(*) as requests by basePath, status', 'sort requests desc', 'limit 50'],
          width: 24,
        }),
      );
    }
  }
}
