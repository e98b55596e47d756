import { isUtf8 } from 'node:buffer';
import type { RequestReport } from '../gateway/handle-request.ts';
import type { Clipped, Decision, RecordedRequest, RequestSummary } from './request-log.ts';

/** Event, bodies and payloads are kept up to this many bytes each (a 10 MB upload keeps its start). */
export const MAX_KEPT_BYTES = 256 * 1024;

type NewRecord = Omit<RecordedRequest, 'summary' | 'logs' | 'bytes'> & { summary: Omit<RequestSummary, 'seq'> };

/**
 * Turns what the data path reported about one request into the console's record. It keeps
 * references to strings the gateway built anyway (the event, the payload), clipped, so
 * recording costs little on the request path.
 */
export function recordRequest(report: RequestReport): NewRecord {
  const { request, response, authorization, result } = report;
  const summary: { -readonly [K in keyof Omit<RequestSummary, 'seq'>]: Omit<RequestSummary, 'seq'>[K] } = {
    id: request.requestId,
    time: request.receivedAt,
    method: request.method,
    path: request.rawQueryString === '' ? request.path : `${request.path}?${request.rawQueryString}`,
    status: response.statusCode,
    latencyMs: Math.round(report.durationMs * 10) / 10,
    decision: decisionOf(report),
  };
  if (report.app !== undefined) summary.app = report.app;
  if (report.routeKey !== undefined) summary.routeKey = report.routeKey;
  if (report.version !== undefined) summary.version = report.version;
  if (authorization?.cached) summary.cached = true;
  if (authorization?.allowed) {
    const sub = (authorization.context as { sub?: unknown } | undefined)?.sub;
    if (typeof sub === 'string') summary.sub = sub;
  }
  if (result && !result.ok) summary.code = result.error.errorType;

  return {
    summary,
    requestHeaders: request.rawHeaders,
    requestBody: clip(request.body),
    ...(report.event !== undefined ? { event: clip(report.event) } : {}),
    response: { statusCode: response.statusCode, headers: response.headers, body: clip(response.body) },
    ...(result
      ? {
          functionResult: result.ok
            ? { ok: true as const, payload: clip(result.payload) }
            : { ok: false as const, timedOut: result.timedOut, error: result.error },
        }
      : {}),
    ...(authorization?.allowed && authorization.context !== undefined ? { authorizerContext: authorization.context } : {}),
    ...(authorization && !authorization.allowed && authorization.refusal === 'error' ? { authorizerError: authorization.error } : {}),
  };
}

export function decisionOf(report: Pick<RequestReport, 'routeKey' | 'authorization'>): Decision {
  const { authorization } = report;
  if (report.routeKey === undefined) return 'none';
  if (authorization === undefined) return 'public';
  if (authorization.allowed) return 'allow';
  return authorization.refusal === 'unauthorized' ? 'unauthorized' : authorization.refusal === 'forbidden' ? 'deny' : 'error';
}

/** Text stays text; bytes that are not valid UTF-8 are kept as base64. */
export function clip(value: string | Buffer): Clipped {
  if (typeof value === 'string') {
    return value.length <= MAX_KEPT_BYTES
      ? { text: value, encoding: 'utf8' }
      : { text: value.slice(0, MAX_KEPT_BYTES), encoding: 'utf8', truncatedFrom: Buffer.byteLength(value) };
  }
  const kept = value.length <= MAX_KEPT_BYTES ? value : value.subarray(0, MAX_KEPT_BYTES);
  const truncated = value.length > MAX_KEPT_BYTES ? { truncatedFrom: value.length } : {};
  if (kept.length === 0) return { text: '', encoding: 'utf8' };
  // Checked in place (no decode and re-encode). A cut may split a multi-byte character: only the last few bytes may differ then.
  if (isUtf8(kept)) return { text: kept.toString('utf8'), encoding: 'utf8', ...truncated };
  const text = kept.toString('utf8');
  const isText = value.length > MAX_KEPT_BYTES && !text.slice(0, -1).includes('\uFFFD');
  return isText ? { text, encoding: 'utf8', ...truncated } : { text: kept.toString('base64'), encoding: 'base64', ...truncated };
}
