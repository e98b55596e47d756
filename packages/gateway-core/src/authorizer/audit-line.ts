import type { Context } from 'aws-lambda';
import { AUTHORIZER_SERVICE } from '../runtime/metric-names.ts';
import type { AuditLogger, DecisionRecord } from './audit.ts';
import { metricsOf, outcomeOf } from './decision-metrics-emf.ts';

export interface JsonAuditLoggerOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** The audit logger the Lambda uses; {@link JsonAuditLogger.addContext} adds the invocation's function fields. */
export interface JsonAuditLogger extends AuditLogger {
  addContext(context: Pick<Context, 'functionName' | 'invokedFunctionArn' | 'memoryLimitInMB' | 'awsRequestId'>): void;
}

/**
 * The deployed authorizer's audit line, written without a logging library: the JSON line a
 * Powertools `Logger({ serviceName: 'frontdesk-authorizer' })` would write for the same call —
 * same keys in the same order (`level`, `message`, `timestamp`, `service`, then `cold_start`,
 * `function_arn`, `function_memory_size`, `function_name`, `function_request_id` once a Lambda
 * context is added, `sampling_rate`, `xray_trace_id`, then the record), empty values left out,
 * errors as `{ name, location, message, stack }`, INFO on stdout and WARN/ERROR on stderr.
 * `audit-line.test.ts` holds it to Powertools' own output.
 *
 * One deliberate difference: `POWERTOOLS_LOG_LEVEL`/`LOG_LEVEL` do not silence it. Each line is
 * the audit record of a decision and its EMF count, not diagnostics; with Powertools, a level of
 * WARN dropped every allow and its `Allowed` metric. (Lambda's own log-level filter, when a
 * function is configured for it, still applies by the `level` field.) Each line is also the EMF document
 * counting the decision (the document `withDecisionMetrics` builds, written as text here).
 *
 * Why not the Powertools Logger itself: it was ~20 KB of a 40 KB bundle, and its per-line work
 * (attribute stores, a JSON replacer over every value) cost more than the rest of a cached
 * decision. Powertools' documented format: https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/#standard-structured-keys
 * (source: `packages/logger/src/formatter/PowertoolsLogFormatter.ts` in aws-powertools/powertools-lambda-typescript).
 * Timestamps are ISO 8601 in UTC: Lambda reserves `TZ` (`:UTC`), where Powertools does the same.
 */
export function jsonAuditLogger(options: JsonAuditLoggerOptions = {}): JsonAuditLogger {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  // What is the same on every line is written to text once: the service, the sampling rate, the
  // Lambda context (per invocation), the trace id (per trace header) and each outcome's EMF directive (`metricsOf`).
  const samplingMember = member('sampling_rate', samplingRateOf(env));
  let lambdaMembers = '';
  // Powertools counts a cold start only for on-demand initialisation (provisioned concurrency is pre-warmed).
  let coldStart = env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';
  const timestamp = isoTimestamps();
  const traceMember = xrayTraceMember(env);

  /** Powertools' leading keys, up to and including `xray_trace_id`, as JSON text without the braces. */
  const head = (level: 'INFO' | 'WARN' | 'ERROR', message: string, timestampMs: number): string => {
    return `"level":"${level}","message":${json(message)},"timestamp":"${timestamp(timestampMs)}","service":"${AUTHORIZER_SERVICE}"${lambdaMembers}${samplingMember}${traceMember()}`;
  };
  const write = (level: 'INFO' | 'WARN' | 'ERROR', text: string): void => {
    // Read the stream at each write (not once), as Powertools' Console does.
    if (level === 'INFO') process.stdout.write(`{${text}}\n`);
    else process.stderr.write(`{${text}}\n`);
  };

  // The decision line is written as text: the record's members in their order (`app` and `stage`
  // defaulting to `unknown`, as EMF needs every dimension), `_aws`, then a 1 per metric — the
  // document `withDecisionMetrics` hands Powertools, without building it first.
  const decision = (level: 'INFO' | 'WARN', message: string, record: DecisionRecord) => {
    const timestampMs = now();
    let text = head(level, message, timestampMs);
    for (const key in record) {
      const value = record[key as keyof DecisionRecord];
      text += member(key, key === 'app' || key === 'stage' ? (value ?? 'unknown') : value);
    }
    if (!('app' in record)) text += ',"app":"unknown"';
    if (!('stage' in record)) text += ',"stage":"unknown"';
    const metrics = metricsOf(outcomeOf(record));
    write(level, `${text},"_aws":{"Timestamp":${timestampMs},"CloudWatchMetrics":${metrics.directiveJson}}${metrics.members}`);
  };

  return {
    info: (message, record) => decision('INFO', message, record),
    warn: (message, record) => decision('WARN', message, record),
    error: (message, error) => write('ERROR', head('ERROR', message, now()) + member('error', formatError(error))),
    addContext(context) {
      lambdaMembers =
        member('cold_start', coldStart) +
        member('function_arn', context.invokedFunctionArn) +
        member('function_memory_size', context.memoryLimitInMB) +
        member('function_name', context.functionName) +
        member('function_request_id', context.awsRequestId);
      coldStart = false;
    },
  };
}

/**
 * `Date#toISOString()` of epoch milliseconds, formatting the date and time once per second
 * (lines within one second differ only in their milliseconds).
 */
function isoTimestamps(): (ms: number) => string {
  let second = Number.NaN;
  let prefix = '';
  return (ms) => {
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      const iso = new Date(ms).toISOString();
      if (iso.length !== 24) return iso; // years outside 0000–9999 are not "YYYY-MM-DDTHH:mm:ss.sssZ"
      second = s;
      prefix = iso.slice(0, 20);
    }
    return `${prefix}${String(Math.floor(ms - s * 1000)).padStart(3, '0')}Z`;
  };
}

/** `,"key":value`, or nothing for the undefined, null and '' values Powertools leaves out (`LogItem.removeEmptyKeys`). */
function member(key: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  let entry = members.get(key);
  if (entry === undefined) {
    entry = { prefix: `,${JSON.stringify(key)}:"`, value: undefined, text: '' };
    if (members.size < 256) members.set(key, entry);
  }
  // Route, app, stage, scheme and client mostly repeat from line to line: their text is reused.
  // Only a string's: an object may have changed since, and a value JSON cannot write (a BigInt) must throw each time.
  if (entry.value !== value || typeof value !== 'string') {
    entry.value = value;
    // A plain string closes the prefix's opening quote: one string less than `prefix + json(value)`.
    entry.text =
      typeof value === 'string' && !ESCAPED.test(value) ? `${entry.prefix}${value}"` : entry.prefix.slice(0, -1) + JSON.stringify(value);
  }
  return entry.text;
}

/** What `JSON.stringify` escapes in a string: `"`, `\`, control characters, and (lone) surrogates. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(value)`, with a string that needs no escaping quoted directly: the values of a
 * decision line (route, app, sub, ids) nearly always are, and the call costs more than the test.
 */
function json(value: unknown): string {
  return typeof value === 'string' && !ESCAPED.test(value) ? `"${value}"` : JSON.stringify(value);
}

// Per key the lines carry (Powertools' own and the decision record's, a few dozen names): `,"key":"`, and the last value with its member text.
const members = new Map<string, { readonly prefix: string; value: unknown; text: string }>();

function samplingRateOf(env: NodeJS.ProcessEnv): number {
  const rate = Number(env.POWERTOOLS_LOGGER_SAMPLE_RATE?.trim() || 0);
  return rate >= 0 && rate <= 1 ? rate : 0; // NaN fails both
}

/**
 * `,"xray_trace_id":"<Root>"` for the invocation's trace header, read at each line from the
 * runtime's invoke store or `_X_AMZN_TRACE_ID` (`Root=1-…;Parent=…;Sampled=1`), as Powertools
 * reads it; the text is remembered for the last header seen (one per invocation).
 */
function xrayTraceMember(env: NodeJS.ProcessEnv): () => string {
  let lastHeader: string | undefined;
  let lastMember = '';
  return () => {
    const store = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } } }).awslambda?.InvokeStore;
    const header = store?.getXRayTraceId() ?? env._X_AMZN_TRACE_ID?.trim() ?? '';
    if (header !== lastHeader) {
      lastHeader = header;
      const root = header.includes('=')
        ? header
            .split(';')
            .find((field) => field.startsWith('Root='))
            ?.slice(5)
        : header;
      lastMember = member('xray_trace_id', root);
    }
    return lastMember;
  };
}

/** `error` as Powertools formats it: name, first stack location, message, stack, cause. */
function formatError(error: Error): Record<string, unknown> {
  const formatted: Record<string, unknown> = {
    name: error.name,
    location: codeLocation(error.stack),
    message: error.message,
    stack: error.stack,
    cause: error.cause instanceof Error ? formatError(error.cause) : error.cause,
  };
  for (const key in error) if (!['name', 'message', 'stack', 'cause'].includes(key)) formatted[key] = (error as never)[key];
  return formatted;
}

function codeLocation(stack: string | undefined): string {
  for (const frame of stack?.split('\n') ?? []) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(frame);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}
