import { hasDotSegment, pathAmbiguity, type PathAmbiguity } from './dot-segments.ts';

/** The fields of a payload 2.0 event (app or authorizer) that carry the path. */
export interface PathCarrier {
  readonly rawPath?: unknown;
  readonly pathParameters?: unknown;
  readonly requestContext?: { readonly http?: { readonly path?: unknown } };
}

/**
 * Where an event's path is ambiguous, or `undefined`: `rawPath` or `requestContext.http.path` with
 * a dot segment (any encoding) or a backslash, or a path parameter whose (already decoded) value
 * holds a dot segment. Deployed API Gateway matches routes on the raw path and AWS documents no
 * dot-segment handling, so this check — in the app's function (`withFrontdesk`) and in the
 * authorizer — is what keeps a framework that resolves
 * `..` (hono/aws-lambda, any WHATWG URL) from serving a route the request never matched.
 */
export function ambiguousPathIn(event: PathCarrier): { readonly field: string; readonly reason: PathAmbiguity } | undefined {
  // Field by field, not a loop over a list built per call: this runs on every request.
  const rawPath = event.rawPath;
  const httpPath = event.requestContext?.http?.path;
  let reason = typeof rawPath === 'string' ? pathAmbiguity(rawPath) : undefined;
  if (reason) return { field: 'rawPath', reason };
  reason = typeof httpPath === 'string' ? pathAmbiguity(httpPath) : undefined;
  if (reason) return { field: 'requestContext.http.path', reason };
  const parameters = event.pathParameters;
  if (typeof parameters === 'object' && parameters !== null) {
    for (const [name, value] of Object.entries(parameters)) {
      if (typeof value === 'string' && hasDotSegment(value)) return { field: `pathParameters.${name}`, reason: 'dot-segment' };
    }
  }
  return undefined;
}
