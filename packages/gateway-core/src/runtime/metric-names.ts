/**
 * The one metrics namespace and the dimension names every Frontdesk function writes, shared by
 * the runtime wrapper (which emits them) and the CDK dashboards and alarms (which read them).
 *
 * Powertools always adds a `service` dimension; the wrapper sets it to the app name, so every
 * metric carries the dimension set `[service, app, stage]`, and per-route metrics also
 * `[service, app, stage, route]`.
 */
export const METRICS_NAMESPACE = 'Frontdesk';

export const DIMENSION = {
  service: 'service',
  app: 'app',
  stage: 'stage',
  route: 'route',
} as const;

/** Metrics the wrapper emits for every request an app function serves. */
export const APP_METRIC = {
  /** Count of invocations, one per request. */
  requests: 'Requests',
  /** Count of responses with status >= 500, and of handlers that threw. */
  serverErrors: 'ServerErrors',
  /** Count of responses with status 400-499. */
  clientErrors: 'ClientErrors',
  /** Milliseconds spent in the handler. */
  latency: 'Latency',
} as const;

/** The Powertools service name of the shared authorizer's logs. */
export const AUTHORIZER_SERVICE = 'frontdesk-authorizer';

/**
 * Metrics the authorizer emits per decision, inside its audit line (EMF), with the dimension set
 * `[app, stage]` — `app` being the app whose route was asked for: `Allowed`, `Denied`, and
 * `Denied_<denial code>`.
 */
export const AUTHORIZER_METRIC = {
  allowed: 'Allowed',
  denied: 'Denied',
  deniedPrefix: 'Denied_',
} as const;
