import { redactEvent, redactHeaderPairs, redactRawHeaders, tokenClaims } from './redact.ts';
import type { Clipped, RecordedRequest } from './request-log.ts';

/**
 * A request as the detail pane shows it: what arrived, the authorizer's decision and context,
 * the event the function received, what it returned, what the client got back and the lines
 * the function wrote. Credentials are redacted (see redact.ts).
 */
export function requestDetail(record: RecordedRequest): Record<string, unknown> {
  const authorization = headerValue(record.requestHeaders, 'authorization');
  const decision = record.decisionRecord;
  return {
    summary: record.summary,
    request: {
      headers: redactRawHeaders(record.requestHeaders),
      body: shown(record.requestBody),
      ...(authorization !== undefined ? { token: tokenClaims(authorization) ?? null } : {}),
    },
    authorizer: {
      decision: record.summary.decision,
      ...(record.summary.cached ? { cached: true } : {}),
      ...(decision ? { audit: decision } : {}),
      ...(record.authorizerContext !== undefined ? { context: record.authorizerContext } : {}),
      ...(record.authorizerError !== undefined ? { error: record.authorizerError } : {}),
    },
    ...(record.event ? { event: record.event.truncatedFrom === undefined ? redactEvent(record.event.text) : shown(record.event) } : {}),
    ...(record.functionResult
      ? {
          function: record.functionResult.ok
            ? { version: record.summary.version, payload: parsedOr(record.functionResult.payload) }
            : { version: record.summary.version, error: record.functionResult.error, timedOut: record.functionResult.timedOut },
        }
      : {}),
    response: {
      statusCode: record.response.statusCode,
      headers: redactHeaderPairs(record.response.headers),
      body: shown(record.response.body),
    },
    logs: record.logs,
  };
}

/** The last value of a header in Node's raw list (case-insensitive). */
function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if ((rawHeaders[index] as string).toLowerCase() === name) found = rawHeaders[index + 1];
  }
  return found;
}

function shown(value: Clipped): Record<string, unknown> {
  return {
    text: value.text,
    encoding: value.encoding,
    ...(value.truncatedFrom !== undefined ? { truncatedFrom: value.truncatedFrom } : {}),
  };
}

/** A payload is JSON (the runtime serialised it); the whole parsed value reads best. */
function parsedOr(value: Clipped): unknown {
  if (value.truncatedFrom !== undefined) return shown(value);
  try {
    return JSON.parse(value.text);
  } catch {
    return shown(value);
  }
}
