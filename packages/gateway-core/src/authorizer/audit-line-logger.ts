import type { AuditLogger, DecisionRecord } from './audit.ts';

/** CloudWatch namespace of the decision metrics. */
export const METRICS_NAMESPACE = 'Frontdesk';

export interface AuditLineLoggerOptions {
  /** The `service` key of every line. */
  readonly serviceName: string;
  /** Receives each line, newline included. @default process.stdout.write */
  readonly write?: (line: string) => unknown;
  /** Epoch milliseconds, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * The Lambda's audit logger: one JSON line per decision, in the shape
 * `@aws-lambda-powertools/logger` prints (`level`, `message`, `timestamp`, `service`,
 * `sampling_rate`, `xray_trace_id`, then the record), which is also a CloudWatch Embedded Metric
 * Format document: namespace `Frontdesk`, dimensions `app` and `stage`, metric `Allowed`, or
 * `Denied` plus `Denied_<code>` (so an alarm can watch one reason, e.g. `Denied_jwks_unavailable`).
 * Allows are written at `INFO`, denials at `WARN`, internal errors at `ERROR` — every line
 * whatever the log level: the audit trail is not a debug log.
 *
 * Why not the Powertools `Logger` and `Metrics`: per line the Logger deep-merges attributes,
 * runs a JSON replacer over every value and formats through `console`, which cost ~100 µs per
 * decision in the authorizer benchmark (an RS256 check costs ~180 µs), and both add bundle
 * bytes and cold-start time. Here one `JSON.stringify` of a flat object is the only per-line
 * work; the metric directive, fixed per outcome, is serialised once.
 *
 * @example
 * const authorize = createAuthorizer(config, { logger: auditLineLogger({ serviceName: 'frontdesk-authorizer' }) });
 */
export function auditLineLogger(options: AuditLineLoggerOptions): AuditLogger {
  const { serviceName } = options;
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const now = options.now ?? Date.now;
  const outcomes = new Map<string, { directive: string; values: string }>();

  /** The metric directive and values of one outcome (`allow` or a denial code), serialised once. */
  const metricsOf = (outcome: string) => {
    let metrics = outcomes.get(outcome);
    if (metrics === undefined) {
      const names = outcome === 'allow' ? ['Allowed'] : ['Denied', `Denied_${outcome}`];
      metrics = {
        directive: JSON.stringify([{ Namespace: METRICS_NAMESPACE, Dimensions: [['app', 'stage']], Metrics: names.map((Name) => ({ Name, Unit: 'Count' })) }]),
        values: names.map((name) => `,${JSON.stringify(name)}:1`).join(''),
      };
      outcomes.set(outcome, metrics);
    }
    return metrics;
  };

  const decisionLine = (level: 'INFO' | 'WARN', message: string, record: DecisionRecord) => {
    const time = now();
    // One fixed shape (absent fields are undefined, which JSON.stringify leaves out).
    const head = JSON.stringify({
      level,
      message,
      timestamp: new Date(time).toISOString(),
      service: serviceName,
      sampling_rate: 0,
      xray_trace_id: xRayTraceId(),
      decision: record.decision,
      code: record.code,
      route: record.route,
      app: record.app ?? 'unknown',
      stage: record.stage ?? 'unknown',
      requestId: record.requestId,
      tokenType: record.tokenType,
      sub: record.sub,
      client: record.client,
      tokenIdHash: record.tokenIdHash,
    });
    const { directive, values } = metricsOf(record.decision === 'allow' ? 'allow' : (record.code ?? 'internal_error'));
    write(`${head.slice(0, -1)},"_aws":{"Timestamp":${time},"CloudWatchMetrics":${directive}}${values}}\n`);
  };

  return {
    info: (message, record) => decisionLine('INFO', message, record),
    warn: (message, record) => decisionLine('WARN', message, record),
    error: (message, error) =>
      write(`${JSON.stringify({ level: 'ERROR', message, timestamp: new Date(now()).toISOString(), service: serviceName, sampling_rate: 0, xray_trace_id: xRayTraceId(), error: errorAttributes(error) })}\n`),
  };
}

let lastTraceHeader: string | undefined;
let lastTraceId: string | undefined;

/** The `Root` of the trace header Lambda sets per invocation, as Powertools prints it (parsed once per header). */
function xRayTraceId(): string | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  if (header !== lastTraceHeader) {
    lastTraceHeader = header;
    lastTraceId = header === undefined ? undefined : /(?:^|;)Root=([^;]+)/.exec(header)?.[1];
  }
  return lastTraceId;
}

/** An error as Powertools prints it: name, where it was thrown, message, stack. */
function errorAttributes(error: Error): Record<string, unknown> {
  return {
    name: error.name,
    location: /\(?([^\s()]+:\d+):\d+\)?$/.exec(error.stack?.split('\n')[1] ?? '')?.[1] ?? '',
    message: error.message,
    stack: error.stack,
  };
}
