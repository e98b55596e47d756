/**
 * Field-by-field comparison of the request an app received on the stage under test ("remote")
 * with the one `pnpm dev` handed the same app for the same request ("local").
 */

/** One field that differs; `fail` breaks the contract, `note` is expected between environments. */
export interface Difference {
  readonly field: string;
  readonly remote?: unknown;
  readonly local?: unknown;
  readonly severity: 'fail' | 'note';
  readonly reason: string;
}

/**
 * Fields whose values belong to one environment (ids, clocks, addresses, the issuer): only
 * their presence and JSON type must agree.
 */
const ENVIRONMENT_FIELDS = new Set([
  'requestContext.accountId',
  'requestContext.apiId',
  'requestContext.domainName',
  'requestContext.domainPrefix',
  'requestContext.requestId',
  'requestContext.time',
  'requestContext.timeEpoch',
  'requestContext.http.sourceIp',
  'requestContext.authorizer.lambda.iss',
  'headers.host',
]);

/** Where the API mapping key may or may not appear: both shapes are legitimate (see {@link pathShape}). */
const PATH_FIELDS = new Set(['rawPath', 'requestContext.http.path']);

/**
 * Headers the network between client and function adds or drops (load balancers, proxies,
 * API Gateway itself): listed, never a failure. Every other header must arrive on both sides
 * with the value the verifier sent.
 */
const INFRASTRUCTURE_HEADERS =
  /^(x-amzn-|x-amz-cf-|x-forwarded-|forwarded$|via$|connection$|keep-alive$|content-length$|cloudfront-|x-real-ip$|cdn-loop$|traceparent$|tracestate$)/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Objects flattened to dotted paths; arrays are leaves (compared whole). */
export function flatten(value: unknown, prefix = '', into = new Map<string, Json>()): Map<string, Json> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix !== '') into.set(prefix, {});
    for (const [key, child] of entries) flatten(child, prefix === '' ? key : `${prefix}.${key}`, into);
  } else if (prefix !== '') {
    into.set(prefix, value as Json);
  }
  return into;
}

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Every field that differs, sorted by field; path fields are left to {@link pathShape}. */
export function compareRequests(remote: unknown, local: unknown): Difference[] {
  const a = flatten(remote);
  const b = flatten(local);
  const differences: Difference[] = [];
  for (const field of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (PATH_FIELDS.has(field)) continue;
    const inRemote = a.has(field);
    const inLocal = b.has(field);
    const remoteValue = a.get(field);
    const localValue = b.get(field);
    const header = field.startsWith('headers.') ? field.slice('headers.'.length) : undefined;
    if (!inRemote || !inLocal) {
      const side = inRemote ? 'only the stage' : 'only pnpm dev';
      if (header !== undefined && INFRASTRUCTURE_HEADERS.test(header)) {
        differences.push({
          field,
          ...(inRemote ? { remote: remoteValue } : { local: localValue }),
          severity: 'note',
          reason: `${side} has it: added or dropped between client and function`,
        });
      } else {
        differences.push({
          field,
          ...(inRemote ? { remote: remoteValue } : { local: localValue }),
          severity: 'fail',
          reason: `${side} has it`,
        });
      }
      continue;
    }
    if (ENVIRONMENT_FIELDS.has(field)) {
      if (typeOf(remoteValue) !== typeOf(localValue)) {
        differences.push({
          field,
          remote: remoteValue,
          local: localValue,
          severity: 'fail',
          reason: `JSON type differs: ${typeOf(remoteValue)} on the stage, ${typeOf(localValue)} under pnpm dev`,
        });
      }
      continue;
    }
    if (JSON.stringify(remoteValue) !== JSON.stringify(localValue)) {
      const reason =
        typeOf(remoteValue) === typeOf(localValue)
          ? 'value differs'
          : `JSON type differs: ${typeOf(remoteValue)} on the stage, ${typeOf(localValue)} under pnpm dev`;
      differences.push({
        field,
        remote: remoteValue,
        local: localValue,
        severity: header !== undefined && INFRASTRUCTURE_HEADERS.test(header) ? 'note' : 'fail',
        reason,
      });
    }
  }
  return differences;
}

/** Whether a path field carries the API mapping key. */
type PathShapeKind = 'mapping key kept' | 'mapping key stripped' | 'unexpected';

export interface PathShape {
  readonly rawPath: { readonly value: unknown; readonly shape: PathShapeKind };
  readonly httpPath: { readonly value: unknown; readonly shape: PathShapeKind };
}

/**
 * Which of the two shapes sources disagree on a received event has: for a request to
 * `/<base path>/rest`, `rawPath` / `requestContext.http.path` is either `/<base path>/rest` (key
 * kept) or `/rest` (key stripped). Anything else is `unexpected`.
 */
export function pathShape(event: unknown, requestPath: string, basePath: string): PathShape {
  const fields = flatten(event);
  const kept = requestPath.split('?')[0] ?? requestPath;
  const stripped = kept.slice(basePath.length + 1) || '/';
  const classify = (value: unknown): PathShapeKind =>
    value === kept ? 'mapping key kept' : value === stripped ? 'mapping key stripped' : 'unexpected';
  return {
    rawPath: { value: fields.get('rawPath'), shape: classify(fields.get('rawPath')) },
    httpPath: { value: fields.get('requestContext.http.path'), shape: classify(fields.get('requestContext.http.path')) },
  };
}
