import type { Duration } from 'aws-cdk-lib';
import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import { DIMENSION, METRICS_NAMESPACE } from '../../runtime/metric-names.ts';

/**
 * A CloudWatch SEARCH over the `Frontdesk` namespace. Dashboards use it so that every app that
 * emits metrics shows up — including apps deployed after the dashboard, from other stacks.
 *
 * @param dimensions the exact dimension set to search (Powertools always adds `service`)
 * @param terms search terms, e.g. `stage="dev" MetricName="Requests"`
 */
export function frontdeskSearch(options: {
  readonly dimensions: readonly string[];
  readonly terms: string;
  readonly statistic: string;
  readonly period: Duration;
  readonly label?: string;
}): MathExpression {
  const schema = [METRICS_NAMESPACE, ...[...options.dimensions].sort()].join(',');
  return new MathExpression({
    expression: `SEARCH('{${schema}} ${options.terms}', '${options.statistic}', ${options.period.toSeconds()})`,
    usingMetrics: {},
    period: options.period,
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}

/** The dimension set of per-app metrics: `[service, app, stage]`. */
export const APP_DIMENSIONS = [DIMENSION.service, DIMENSION.app, DIMENSION.stage] as const;
/** The dimension set of per-route metrics: `[service, app, stage, route]`. */
export const ROUTE_DIMENSIONS = [...APP_DIMENSIONS, DIMENSION.route] as const;
/** The dimension set of the authorizer's decision metrics: `[app, stage]` (no `service`). */
export const AUTHORIZER_DIMENSIONS = [DIMENSION.app, DIMENSION.stage] as const;
