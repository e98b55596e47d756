import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { APP_METRIC, DIMENSION } from './metric-names.ts';
import { basePathFrom } from '../manifest/route-policy.ts';
import { ambiguousPathIn } from '../paths/event-path.ts';
import { routedRawPath } from '../paths/mapping-key.ts';
import { createTelemetry, flushMetrics, type Telemetry } from './telemetry.ts';

/** What the Frontdesk authorizer hands to apps under `requestContext.authorizer.lambda`. */
export interface Caller {
  readonly sub: string;
  readonly [key: string]: unknown;
}

/** A payload 2.0 event; `authorizer` is absent on public routes. */
export type FrontdeskEvent<TCaller = Caller> = Omit<APIGatewayProxyEventV2WithLambdaAuthorizer<TCaller>, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithLambdaAuthorizer<TCaller>['requestContext'], 'authorizer'> & {
    authorizer?: { lambda?: TCaller; jwt?: { claims?: Record<string, unknown> } };
  };
};

/** What the wrapper gives the handler beside the event. */
interface RequestTools<TCaller = Caller> {
  /** The Lambda context (`awsRequestId`, remaining time, …). */
  readonly context: Context;
  /** JSON logger; every line carries requestId, apiRequestId, app, route, sub and stage. */
  readonly logger: Logger;
  /** Add business metrics (namespace `Frontdesk`, dimensions app + stage); flushed after the response. */
  readonly metrics: Metrics;
  /** The Powertools Tracer when the app passed one (`createTracer`, `runtime/tracing`), else `undefined`. */
  readonly tracer: Tracer | undefined;
  /** The authorizer's context, or `undefined` on a public route. */
  readonly caller: TCaller | undefined;
  /** The route key API Gateway matched, e.g. `GET /{orderId}`. */
  readonly route: string;
}

export type FrontdeskHandler<TCaller = Caller> = (
  event: FrontdeskEvent<TCaller>,
  tools: RequestTools<TCaller>,
) => Promise<APIGatewayProxyResultV2>;

export interface WithFrontdeskOptions {
  /** The app's manifest name; it is the Powertools service and the `app` dimension. */
  readonly app: string;
  /** @default telemetry created for `app` (with `tracer`, if given) */
  readonly telemetry?: Telemetry;
  /**
   * Traces each request in X-Ray from inside the function: `createTracer({ service })` from
   * `@frontdesk/gateway-core/runtime/tracing`. Ignored when `telemetry` is given (pass it there).
   * @default - none: the function's invocations are still traced by Lambda's active tracing
   */
  readonly tracer?: Tracer;
}

/**
 * Wraps an app's handler so every request is logged, measured and traced the same way:
 * one JSON log line per request (and any lines the handler writes) carrying `requestId`,
 * `apiRequestId` (= `$context.requestId` in the access log), `app`, `route`, `sub` and `stage`
 * (Powertools adds `cold_start`, `function_name` and `function_request_id` from the context);
 * metrics `Requests`, `ServerErrors`, `ClientErrors` and `Latency` per app and per route; with a
 * `tracer` (opt-in, `runtime/tracing`), an X-Ray subsegment per request in Lambda. An event whose `rawPath` or path parameters carry a dot
 * segment (raw or percent-encoded) is answered `400 {"message":"Bad Request"}` without running the
 * handler (see `paths/event-path.ts`). `rawPath` reaches the handler without the API mapping key,
 * as `pnpm dev` sends it, whether or not AWS kept the key in it (`paths/mapping-key.ts`). A thrown error is logged and rethrown, so API Gateway
 * answers 500 and Lambda counts the error.
 *
 * @example
 * export const handler = withFrontdesk({ app: 'orders' }, async (event, { logger, caller }) => {
 *   logger.info('listing orders');
 *   return { statusCode: 200, body: JSON.stringify(await listOrders(caller!.sub)) };
 * });
 */
export function withFrontdesk<TCaller extends Caller = Caller>(
  options: WithFrontdeskOptions,
  handler: FrontdeskHandler<TCaller>,
): (event: FrontdeskEvent<TCaller>, context: Context) => Promise<APIGatewayProxyResultV2> {
  const telemetry =
    options.telemetry ?? createTelemetry({ service: options.app, app: options.app, ...(options.tracer && { tracer: options.tracer }) });
  const { logger, metrics, tracer } = telemetry;
  return async (event, context) => {
    const started = performance.now();
    const route = event.routeKey ?? event.requestContext?.routeKey ?? 'unknown';
    const caller = event.requestContext?.authorizer?.lambda;
    const sub = caller?.sub ?? (event.requestContext?.authorizer?.jwt?.claims?.sub as string | undefined);

    logger.addContext(context);
    logger.appendKeys({
      requestId: context.awsRequestId,
      apiRequestId: event.requestContext?.requestId,
      route,
      ...(sub ? { sub } : {}),
    });

    const parent = tracer?.isTracingEnabled() ? tracer.getSegment() : undefined;
    const segment = parent?.addNewSubsegment(`## ${route}`);
    if (segment && tracer) {
      tracer.setSegment(segment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
      tracer.putAnnotation(DIMENSION.route, route);
    }

    let statusCode = 500;
    try {
      // A dot segment (or backslash) could make the app's router serve a route API Gateway never
      // matched (a public greedy route reaching a protected one): refused before the handler runs.
      const ambiguous = ambiguousPathIn(event);
      if (ambiguous) {
        statusCode = 400;
        logger.warn('request refused: ambiguous path', { ...ambiguous, statusCode });
        return { statusCode, headers: { 'content-type': 'application/json' }, body: '{"message":"Bad Request"}' };
      }
      const result = await handler(withRoutedRawPath(event), { context, logger, metrics, tracer, caller, route });
      statusCode = statusOf(result);
      return result;
    } catch (error) {
      logger.error('handler threw; API Gateway answers 500', error as Error);
      if (segment) tracer?.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      record(metrics, route, statusCode, durationMs);
      logger.info('request completed', { statusCode, durationMs });
      if (segment && parent) {
        segment.close();
        tracer?.setSegment(parent);
      }
      flushMetrics(telemetry);
      logger.resetKeys();
    }
  };
}

/**
 * The event with `rawPath` as the routes matched it. Should AWS keep the mapping key in `rawPath`
 * on a custom domain (disputed; see `paths/mapping-key.ts`), a router inside the function would
 * otherwise see `/orders/items/1` where `pnpm dev` sends `/items/1`. When the shape cannot be
 * told (`$default`), the event is passed on unchanged.
 */
function withRoutedRawPath<T extends FrontdeskEvent<unknown>>(event: T): T {
  const routed = routedRawPath(event, basePathFrom(event.stageVariables));
  return routed === undefined || routed === event.rawPath ? event : { ...event, rawPath: routed };
}

/** API Gateway's rules: an object without `statusCode`, or a string, is a 200. */
function statusOf(result: APIGatewayProxyResultV2): number {
  if (typeof result === 'object' && result !== null && typeof result.statusCode === 'number') return result.statusCode;
  return 200;
}

function record(metrics: Metrics, route: string, statusCode: number, durationMs: number): void {
  // The default dimension set [service, app, stage] and a per-route set both receive the values.
  metrics.addDimensions({});
  metrics.addDimensions({ [DIMENSION.route]: route });
  metrics.addMetric(APP_METRIC.requests, MetricUnit.Count, 1);
  metrics.addMetric(APP_METRIC.serverErrors, MetricUnit.Count, statusCode >= 500 ? 1 : 0);
  metrics.addMetric(APP_METRIC.clientErrors, MetricUnit.Count, statusCode >= 400 && statusCode < 500 ? 1 : 0);
  metrics.addMetric(APP_METRIC.latency, MetricUnit.Milliseconds, durationMs);
}
