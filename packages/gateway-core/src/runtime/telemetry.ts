import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { runtimeEnvironment, type RuntimeEnvironment } from './environment.ts';
import { METRICS_NAMESPACE } from './metric-names.ts';

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** X-Ray subsegments from inside the function; absent unless a tracer was given (see `runtime/tracing.ts`). */
  readonly tracer?: Tracer;
  readonly environment: RuntimeEnvironment;
}

export interface TelemetryOptions {
  /** The app (or `authorizer`) the function belongs to; names the Powertools service. */
  readonly service: string;
  /** @default `FRONTDESK_APP`, else the service */
  readonly app?: string;
  /** @default read from the environment */
  readonly environment?: RuntimeEnvironment;
  /**
   * From `createTracer` (`@frontdesk/gateway-core/runtime/tracing`), to trace inside the function.
   * @default - none: the X-Ray SDK stays out of the bundle
   */
  readonly tracer?: Tracer;
}

/**
 * Creates the Powertools logger, metrics and tracer for one Frontdesk function, configured the
 * same way for every app and for the authorizer.
 *
 * - Logger: one JSON object per line (also locally: the local gateway pretty-prints them), with
 *   `app` and `stage` on every line.
 * - Metrics: namespace `Frontdesk`, dimensions `app` and `stage` (plus Powertools' `service`).
 * - Tracer: only when passed in (`createTracer` from `runtime/tracing`), so the X-Ray SDK is
 *   bundled only by apps that use it.
 *
 * @example
 * const { logger, metrics } = createTelemetry({ service: 'authorizer', app: 'orders' });
 */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const environment = options.environment ?? runtimeEnvironment();
  const app = options.app ?? process.env.FRONTDESK_APP ?? options.service;
  const logger = new Logger({
    serviceName: options.service,
    persistentKeys: { app, stage: environment.stage },
  });
  const metrics = new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: options.service,
    defaultDimensions: { app, stage: environment.stage },
  });
  return { logger, metrics, environment, ...(options.tracer && { tracer: options.tracer }) };
}

/**
 * Sends the stored metrics: as EMF on stdout in Lambda (CloudWatch turns the line into metrics);
 * locally they are discarded, and shown as one `metrics` debug log line when
 * `POWERTOOLS_LOG_LEVEL=DEBUG`.
 */
export function flushMetrics({ metrics, logger, environment }: Telemetry): void {
  if (environment.inLambda) {
    metrics.publishStoredMetrics();
    return;
  }
  if (metrics.hasStoredMetrics() && logger.getLevelName() === 'DEBUG') {
    const { _aws, ...values } = metrics.serializeMetrics();
    logger.debug('metrics', { metrics: values, dimensions: _aws.CloudWatchMetrics[0]?.Dimensions });
  }
  metrics.clearMetrics();
  metrics.clearDimensions();
  metrics.clearMetadata();
}
