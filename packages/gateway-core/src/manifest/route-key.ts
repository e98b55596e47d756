/**
 * Route keys in API Gateway HTTP API syntax: `"METHOD /path"` or `$default`.
 *
 * - METHOD is one of {@link HTTP_METHODS} or `ANY`.
 * - The path starts with `/`; each segment is a literal, a `{name}` parameter (one segment)
 *   or, as the last segment only, a greedy `{name+}` parameter.
 */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type RouteMethod = HttpMethod | 'ANY';

export const DEFAULT_ROUTE_KEY = '$default';

export type PathSegment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

export interface ParsedRouteKey {
  /** The key exactly as written, e.g. `GET /orders/{id}`. */
  readonly key: string;
  /** `undefined` for `$default`. */
  readonly method?: RouteMethod;
  /** `undefined` for `$default`. */
  readonly path?: string;
  readonly segments: readonly PathSegment[];
}

const LITERAL_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/;
const PARAM_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;

/** Why a route key is invalid, or `undefined` when it is valid. */
export function routeKeyProblem(key: string): string | undefined {
  try {
    parseRouteKey(key);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Parses a route key, throwing an `Error` that says what is wrong and what is allowed.
 *
 * @example parseRouteKey('GET /orders/{id}') // { method: 'GET', path: '/orders/{id}', segments: [...] }
 */
export function parseRouteKey(key: string): ParsedRouteKey {
  if (key === DEFAULT_ROUTE_KEY) return { key, segments: [] };
  const match = /^([A-Z]+) (\/.*)$/.exec(key);
  if (!match) {
    throw new Error(`"${key}" is not a route key: write "METHOD /path" (e.g. "GET /items/{id}") or "$default"`);
  }
  const method = match[1] as string;
  const path = match[2] as string;
  if (method !== 'ANY' && !(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new Error(`"${key}": method "${method}" is not one of ${[...HTTP_METHODS, 'ANY'].join(', ')}`);
  }
  if (path !== '/' && path.endsWith('/')) throw new Error(`"${key}": the path must not end with "/"`);
  const rawSegments = path === '/' ? [] : path.slice(1).split('/');
  const names = new Set<string>();
  const segments = rawSegments.map((raw, index): PathSegment => {
    if (raw === '') throw new Error(`"${key}": the path has an empty segment ("//")`);
    const param = PARAM_SEGMENT.exec(raw);
    if (param) {
      const name = param[1] as string;
      if (names.has(name)) throw new Error(`"${key}": path parameter {${name}} appears twice`);
      names.add(name);
      if (param[2] === '+') {
        if (index !== rawSegments.length - 1) {
          throw new Error(`"${key}": greedy parameter {${name}+} must be the last path segment`);
        }
        return { kind: 'greedy', name };
      }
      return { kind: 'param', name };
    }
    if (raw.includes('{') || raw.includes('}')) {
      throw new Error(`"${key}": segment "${raw}" mixes text and a parameter; a parameter must be a whole segment like {id}`);
    }
    if (!LITERAL_SEGMENT.test(raw)) {
      throw new Error(`"${key}": segment "${raw}" has characters a URL path segment cannot hold unescaped`);
    }
    return { kind: 'literal', value: raw };
  });
  return { key, method: method as RouteMethod, path, segments };
}
