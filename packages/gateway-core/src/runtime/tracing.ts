import { Tracer } from '@aws-lambda-powertools/tracer';
import { runtimeEnvironment, type RuntimeEnvironment } from './environment.ts';

export interface CreateTracerOptions {
  /** The app (or `authorizer`); names the X-Ray service annotation. */
  readonly service: string;
  /** @default read from the environment */
  readonly environment?: RuntimeEnvironment;
}

/**
 * The Powertools Tracer, for apps that want X-Ray subsegments from inside their function: one
 * `## <route>` subsegment per request annotated with the route, cold start and service, and the
 * app's AWS SDK and HTTPS calls captured. Enabled in Lambda only (no X-Ray daemon runs locally).
 *
 * Opt-in, through this subpath (`@frontdesk/gateway-core/runtime/tracing`), because the X-Ray SDK
 * is ~110 KB of every bundle that imports it. Without it, active tracing on the function still
 * records each invocation (API Gateway → authorizer → app) in X-Ray; only the in-function detail is
 * missing.
 *
 * @example
 * import { createTracer } from '@frontdesk/gateway-core/runtime/tracing';
 * export const handler = withFrontdesk({ app: 'orders', tracer: createTracer({ service: 'orders' }) }, ...);
 */
export function createTracer(options: CreateTracerOptions): Tracer {
  const { inLambda } = options.environment ?? runtimeEnvironment();
  return new Tracer({ serviceName: options.service, enabled: inLambda, captureHTTPsRequests: inLambda });
}

export type { Tracer };
