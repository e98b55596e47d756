import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { runtimeEnvironment, type RuntimeEnvironment } from './environment.ts';
import { METRICS_NAMESPACE } from './metric-names.ts';

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  readonly environment: RuntimeEnvironment;
}

export interface TelemetryOptions {
  /** The app (or `authorizer`) the function belongs to; names the Powertools service. */
  readonly service: string;
  /** @default `FRONTDESK_APP`, else the service */
  readonly app?: string;
  /** @default read from the environment */
  readonly environment?: RuntimeEnvironment;
}

/**
 * Creates the Powertools logger, metrics and tracer for one Frontdesk function, configured the
 * same way for every app and for the authorizer.
 *
 * - Logger: one JSON object per line (also locally: the local gateway pretty-prints them), with
 *   `app` and `stage` on every line.
 * - Metrics: namespace `Frontdesk`, dimensions `app` and `stage` (plus Powertools' `service`).
 * - Tracer: X-Ray in Lambda; disabled elsewhere, because there is no daemon to send to.
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
  const tracer = new Tracer({ serviceName: options.service, enabled: environment.inLambda, captureHTTPsRequests: environment.inLambda });
  return { logger, metrics, tracer, environment };
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
