import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryWidget,
  MathExpression,
  TreatMissingData,
  type IAlarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { appFunctionName } from '../../contract/names.ts';
import type { AppManifest } from '../../manifest/schema.ts';
import { APP_METRIC } from '../../runtime/metric-names.ts';
import type { Stage } from '../../stage.ts';
import { AUTHORIZER_DIMENSIONS, ROUTE_DIMENSIONS, frontdeskSearch } from './search.ts';

export interface AppObservabilityProps {
  /** The app's manifest: its name, and `alarms` thresholds (defaults filled in). */
  readonly manifest: AppManifest;
  readonly stage: Stage;
  /** The app's function (errors, throttles, duration). */
  readonly function: IFunction;
  /** The app's HTTP API (requests, 5xx, latency as clients see them). */
  readonly httpApi: IHttpApi;
  /**
   * The function's log group name, queried for the dashboard's error log widget.
   * @default `/aws/lambda/frontdesk-<stage>-<app>`
   */
  readonly logGroupName?: string;
}

/**
 * The app's CloudWatch dashboard and its four alarms — 5xx rate, p99 latency, throttles and
 * function errors — with thresholds from the manifest's `alarms`. Alarm names are
 * `frontdesk-<stage>-<app>-<what>`, so the console lists one app's alarms by prefix. Gradual
 * deploys roll back on these alarms.
 *
 * @example
 * const observability = new AppObservability(this, 'Observability', { manifest, stage, function: fn, httpApi });
 */
export class AppObservability extends Construct {
  public readonly serverErrorRateAlarm: Alarm;
  public readonly latencyAlarm: Alarm;
  public readonly throttleAlarm: Alarm;
  public readonly functionErrorAlarm: Alarm;
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: AppObservabilityProps) {
    super(scope, id);
    const { manifest, stage, httpApi } = props;
    const fn = props.function;
    const thresholds = manifest.alarms;
    const period = Duration.minutes(thresholds.periodMinutes);
    const prefix = `frontdesk-${stage.name}-${manifest.name}`;

    const serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: httpApi.metricServerError({ period, statistic: 'Sum' }),
        requests: httpApi.metricCount({ period, statistic: 'Sum' }),
      },
      period,
      label: '5xx rate (%)',
    });
    // Every alarm: one evaluation period, missing data is healthy (no traffic is no outage), and a
    // description that names the app, what breached and the owner.
    const minutes = `${thresholds.periodMinutes} min`;
    const alarm = (id: string, spec: { name: string; metric: IMetric; threshold: number; atLeast?: boolean; breach: string }) =>
      new Alarm(this, id, {
        alarmName: `${prefix}-${spec.name}`,
        alarmDescription: `${manifest.name}: ${spec.breach} (owner ${manifest.owner})`,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: spec.atLeast
          ? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
          : ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    this.serverErrorRateAlarm = alarm('ServerErrorRateAlarm', {
      name: '5xx-rate',
      metric: serverErrorRate,
      threshold: thresholds.serverErrorRatePercent,
      breach: `more than ${thresholds.serverErrorRatePercent}% of requests answered 5xx in ${minutes}`,
    });
    this.latencyAlarm = alarm('LatencyAlarm', {
      name: 'p99-latency',
      metric: httpApi.metricLatency({ period, statistic: 'p99' }),
      threshold: thresholds.p99LatencyMs,
      breach: `p99 latency above ${thresholds.p99LatencyMs} ms over ${minutes}`,
    });
    this.throttleAlarm = alarm('ThrottleAlarm', {
      name: 'throttles',
      metric: fn.metricThrottles({ period, statistic: 'Sum' }),
      threshold: thresholds.throttles,
      atLeast: true,
      breach: `${thresholds.throttles} or more throttled invocations in ${minutes}`,
    });
    this.functionErrorAlarm = alarm('FunctionErrorAlarm', {
      name: 'function-errors',
      metric: fn.metricErrors({ period, statistic: 'Sum' }),
      threshold: thresholds.functionErrors,
      atLeast: true,
      breach: `${thresholds.functionErrors} or more failed invocations in ${minutes}`,
    });

    this.dashboard = this.createDashboard(props, prefix);
  }

  /** The alarms a gradual deployment watches, and an on-call channel subscribes to. */
  public get alarms(): IAlarm[] {
    return [this.serverErrorRateAlarm, this.latencyAlarm, this.throttleAlarm, this.functionErrorAlarm];
  }

  private createDashboard(props: AppObservabilityProps, name: string): Dashboard {
    const { manifest, stage, httpApi } = props;
    const fn = props.function;
    const period = Duration.minutes(1);
    const scope = `app="${manifest.name}" stage="${stage.name}"`;
    const byRoute = (metric: string, statistic: string) =>
      frontdeskSearch({ dimensions: ROUTE_DIMENSIONS, terms: `${scope} MetricName="${metric}"`, statistic, period });

    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: name });
    dashboard.addWidgets(new AlarmStatusWidget({ title: `${manifest.name} alarms`, alarms: this.alarms, width: 24, height: 3 }));
    dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [
          httpApi.metricCount({ period, statistic: 'Sum', label: 'requests' }),
          httpApi.metricClientError({ period, statistic: 'Sum', label: '4xx' }),
          httpApi.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [
          httpApi.metricLatency({ period, statistic: 'p50', label: 'p50' }),
          httpApi.metricLatency({ period, statistic: 'p99', label: 'p99' }),
          httpApi.metricIntegrationLatency({ period, statistic: 'p99', label: 'integration p99' }),
        ],
        leftAnnotations: [{ value: manifest.alarms.p99LatencyMs, label: 'p99 alarm' }],
        width: 8,
      }),
      new GraphWidget({
        title: 'Function',
        left: [
          fn.metricErrors({ period, statistic: 'Sum', label: 'errors' }),
          fn.metricThrottles({ period, statistic: 'Sum', label: 'throttles' }),
        ],
        right: [fn.metricDuration({ period, statistic: 'p99', label: 'duration p99 (ms)' })],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Requests by route', left: [byRoute(APP_METRIC.requests, 'Sum')], width: 8 }),
      new GraphWidget({ title: 'Server errors by route', left: [byRoute(APP_METRIC.serverErrors, 'Sum')], width: 8 }),
      new GraphWidget({ title: 'Handler latency p99 by route (ms)', left: [byRoute(APP_METRIC.latency, 'p99')], width: 8 }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Authorizer decisions for this app',
        left: [
          frontdeskSearch({
            dimensions: AUTHORIZER_DIMENSIONS,
            terms: scope,
            statistic: 'Sum',
            period,
          }),
        ],
        width: 8,
      }),
      new LogQueryWidget({
        title: 'Recent errors',
        logGroupNames: [props.logGroupName ?? `/aws/lambda/${appFunctionName(stage, manifest.name)}`],
        queryLines: [
          'fields @timestamp, route, sub, apiRequestId, message, error.message',
          'filter level = "ERROR"',
          'sort @timestamp desc',
          'limit 50',
        ],
        width: 16,
      }),
    );
    return dashboard;
  }
}
