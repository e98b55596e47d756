import { parseRouteKey, type ParsedRouteKey, type PathSegment } from '@frontdesk/gateway-core';

/**
 * Step 2 of the data path: choose the route inside the API, with HTTP API priority:
 * the most specific path wins (a literal segment beats `{param}`, which beats greedy `{proxy+}`),
 * an explicit method beats `ANY` for the same path, and `$default` catches what nothing else does.
 */
export interface RouteMatch {
  readonly routeKey: string;
  /** Decoded path parameters; absent when the route has none. */
  readonly pathParameters?: Record<string, string>;
}

export interface CompiledRoute {
  readonly parsed: ParsedRouteKey;
}

/** Parses route keys once so each request only walks segments. */
export function compileRoutes(routeKeys: readonly string[]): CompiledRoute[] {
  return routeKeys.map((key) => ({ parsed: parseRouteKey(key) }));
}

const SEGMENT_RANK: Record<PathSegment['kind'], number> = { literal: 3, param: 2, greedy: 1 };

/**
 * @param method upper-case request method
 * @param rawPath the path after the mapping key, percent-encoded as sent
 */
export function matchRoute(routes: readonly CompiledRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const requestSegments = rawPath === '/' ? [] : rawPath.slice(1).split('/');
  let best: { route: CompiledRoute; score: number[]; params: Record<string, string> } | undefined;
  let fallback: CompiledRoute | undefined;
  for (const route of routes) {
    const { method: routeMethod, segments } = route.parsed;
    if (routeMethod === undefined) {
      fallback = route;
      continue;
    }
    if (routeMethod !== 'ANY' && routeMethod !== method) continue;
    const params = matchSegments(segments, requestSegments);
    if (!params) continue;
    // Compare path specificity segment by segment, then explicit method over ANY.
    const score = [...segments.map((segment) => SEGMENT_RANK[segment.kind]), 0, routeMethod === 'ANY' ? 0 : 1];
    if (!best || compareScores(score, best.score) > 0) best = { route, score, params };
  }
  if (best) {
    const hasParams = Object.keys(best.params).length > 0;
    return { routeKey: best.route.parsed.key, ...(hasParams ? { pathParameters: best.params } : {}) };
  }
  return fallback ? { routeKey: fallback.parsed.key } : undefined;
}

function matchSegments(segments: readonly PathSegment[], request: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as PathSegment;
    if (segment.kind === 'greedy') {
      const rest = request.slice(index);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      params[segment.name] = decode(rest.join('/'));
      return params;
    }
    const value = request[index];
    if (value === undefined || value === '') return undefined;
    if (segment.kind === 'literal') {
      if (segment.value !== value && segment.value !== decode(value)) return undefined;
    } else {
      params[segment.name] = decode(value);
    }
  }
  return request.length === segments.length ? params : undefined;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? -1) - (b[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** API Gateway hands integrations decoded parameters; a malformed escape stays as sent. */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
