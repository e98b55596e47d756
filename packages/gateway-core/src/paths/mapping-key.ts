/**
 * Where the API mapping key (the app's base path) sits in a payload 2.0 event on a custom domain.
 *
 * The rule: API Gateway chooses the API by the longest mapping key and matches routes on the rest
 * of the path (AWS "Map API stages to a custom domain name for HTTP APIs"). Whether `rawPath` and
 * `requestContext.http.path` still carry the key is not documented, and sources disagree: the
 * REST-API mapping page says the base path is stripped; Powertools' maintainers found nothing to
 * strip for HTTP API payload 2.0 (powertools-lambda-python#576) and serverless-express#465
 * reports the key absent, while Powertools' `strip_prefixes` docs ("regardless of which type of
 * API Gateway") and the yulin simulator (KensioSoftware/yulin#1037) keep it. So nothing here
 * assumes either: the shape of one event is read from the event itself.
 *
 * `routeKey` plus `pathParameters` name the path the routes actually matched (the path after the
 * key), whatever `rawPath` holds: the shape whose remainder decodes to that path is the one. A
 * `rawPath` that does not start with the key can only be the stripped shape. When one starts
 * with the key, exactly one shape can decode to the routed path (they differ by the key's
 * length) — **the one ambiguity** is a route that names no path (`$default`), or a key that
 * is also the route's first segment under `$default`: then `requestContext.http.path` is taken
 * as a witness if it differs from `rawPath` by exactly the key, and otherwise the shape is
 * unknown (`undefined`) — callers that bind security to the URL fail closed.
 */
export type MappingKeyShape = 'stripped' | 'kept';

export interface MappedEvent {
  readonly rawPath?: unknown;
  readonly routeKey?: unknown;
  readonly pathParameters?: unknown;
  readonly requestContext?: { readonly http?: { readonly path?: unknown } };
}

const ROUTE_KEY = /^[A-Z]+ (\/.*)$/;
const PARAMETER = /^\{([A-Za-z_][A-Za-z0-9_]*)\+?\}$/;

/** @param basePath the app's mapping key without slashes (`orders/v2`); empty or absent: no mapping. */
export function mappingKeyShape(event: MappedEvent, basePath: string | undefined): MappingKeyShape | undefined {
  const rawPath = event.rawPath;
  if (typeof rawPath !== 'string') return undefined;
  if (basePath === undefined || basePath === '') return 'stripped';
  const key = `/${basePath}`;
  if (rawPath !== key && !rawPath.startsWith(`${key}/`)) return 'stripped';
  const routed = routedPath(event);
  if (routed !== undefined) {
    const asStripped = decoded(rawPath) === routed;
    const asKept = decoded(rawPath.slice(key.length) || '/') === routed;
    if (asStripped !== asKept) return asStripped ? 'stripped' : 'kept';
    return undefined;
  }
  const httpPath = event.requestContext?.http?.path;
  if (typeof httpPath === 'string' && httpPath === key + rawPath) return 'stripped';
  return undefined;
}

/** `rawPath` as the app's routes saw it (the key removed when the event kept it), or `undefined` when the shape is unknown. */
export function routedRawPath(event: MappedEvent, basePath: string | undefined): string | undefined {
  const shape = mappingKeyShape(event, basePath);
  if (shape === undefined) return undefined;
  const rawPath = event.rawPath as string;
  return shape === 'stripped' ? rawPath : rawPath.slice(basePath!.length + 1) || '/';
}

/** The decoded path `routeKey` names with `pathParameters` filled in; `undefined` for `$default` or a missing parameter. */
function routedPath(event: MappedEvent): string | undefined {
  const match = typeof event.routeKey === 'string' ? ROUTE_KEY.exec(event.routeKey) : null;
  if (!match) return undefined;
  const parameters =
    typeof event.pathParameters === 'object' && event.pathParameters !== null ? (event.pathParameters as Record<string, unknown>) : {};
  const segments: string[] = [];
  for (const segment of (match[1] as string).split('/').slice(1)) {
    const parameter = PARAMETER.exec(segment);
    if (!parameter) {
      segments.push(segment);
      continue;
    }
    const value = parameters[parameter[1] as string];
    if (typeof value !== 'string') return undefined;
    segments.push(value);
  }
  return `/${segments.join('/')}`;
}

function decoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
