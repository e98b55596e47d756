import { describe, expect, it } from 'vitest';
import { compileRoutes, matchRoute } from './match-route.ts';

const routes = compileRoutes(['GET /a/{x}', 'GET /a/b', 'ANY /a/{rest+}', 'GET /{proxy+}', 'POST /a/b', '$default']);

describe('matchRoute (HTTP API route priority)', () => {
  it('ranks segment by segment: literal, then {param}, then greedy', () => {
    expect(matchRoute(routes, 'GET', '/a/b')?.routeKey).toBe('GET /a/b');
    expect(matchRoute(routes, 'GET', '/a/c')?.routeKey).toBe('GET /a/{x}');
    expect(matchRoute(routes, 'GET', '/a/c/d')?.routeKey).toBe('ANY /a/{rest+}');
    expect(matchRoute(routes, 'GET', '/z/y')?.routeKey).toBe('GET /{proxy+}');
  });

  it('needs at least one segment for a greedy parameter', () => {
    expect(matchRoute(compileRoutes(['GET /files/{path+}']), 'GET', '/files')).toBeUndefined();
    expect(matchRoute(compileRoutes(['GET /files/{path+}']), 'GET', '/files/')).toBeUndefined();
  });

  it('does not let a {param} match an empty segment', () => {
    expect(matchRoute(compileRoutes(['GET /a/{x}']), 'GET', '/a/')).toBeUndefined();
  });

  it('falls back to $default for unknown methods and paths, with no pathParameters', () => {
    expect(matchRoute(routes, 'DELETE', '/a/b')?.routeKey).toBe('ANY /a/{rest+}');
    expect(matchRoute(routes, 'PUT', '/')).toEqual({ routeKey: '$default' });
  });

  it('matches the root route "/" only for the root path', () => {
    const root = compileRoutes(['GET /']);
    expect(matchRoute(root, 'GET', '/')?.routeKey).toBe('GET /');
    expect(matchRoute(root, 'GET', '/x')).toBeUndefined();
  });
});
