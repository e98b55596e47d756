import { describe, expect, it } from 'vitest';
import { hasDotSegment, pathAmbiguity } from './dot-segments.ts';

/** What a WHATWG URL parser (hono/aws-lambda, `new Request(url)`) makes of a path. */
const resolved = (path: string) => new URL(`https://api.example.com${path}`).pathname;

describe('pathAmbiguity', () => {
  const dotted = [
    '/shop/assets/../admin/report',
    '/shop/assets/%2e%2e/admin/report',
    '/shop/assets/%2E%2E/admin/report',
    '/shop/assets/.%2e/admin/report',
    '/shop/assets/%2e./admin/report',
    '/shop/assets/%2E./admin/report',
    '/shop/assets/./x',
    '/shop/assets/%2e/x',
    '/shop/assets/..',
    '/shop/assets/%2e%2e',
    '/..',
    '/shop/assets/..%2fadmin%2freport',
    '/shop/assets/..%2Fadmin',
    '/shop/assets/..%5cadmin',
    '/shop/assets/%252e%252e/admin/report',
    '/shop/assets/%25252e%25252e/admin',
    '/shop/assets/..;jsessionid=1/admin',
    '/shop/assets/%ef%bc%8e%ef%bc%8e/admin',
    '/shop/assets/.%09./admin',
  ];
  it.each(dotted)('refuses %s as a dot-segment path', (path) => {
    expect(pathAmbiguity(path)).toBe('dot-segment');
  });

  it('refuses every path a WHATWG URL parser would resolve to another path (the hono/aws-lambda view)', () => {
    for (const path of dotted.filter(
      (candidate) => !candidate.includes(';') && !candidate.includes('%25') && !candidate.includes('%ef') && !candidate.includes('%09'),
    )) {
      if (resolved(path) !== path) expect(pathAmbiguity(path), path).toBeDefined();
    }
  });

  it('refuses raw backslashes, which WHATWG URL parsing turns into separators', () => {
    expect(resolved('/shop/admin\\report')).toBe('/shop/admin/report');
    expect(pathAmbiguity('/shop/admin\\report')).toBe('backslash');
    expect(pathAmbiguity('/shop/assets\\..\\admin')).toBe('dot-segment');
  });

  it.each([
    '/',
    '/shop/assets/logo.png',
    '/shop/assets/.well-known/x',
    '/shop/...',
    '/shop/a..b',
    '/shop/..a',
    '/shop/v1.2/items',
    '/echo/items/caf%C3%A9%2F1',
    '/orders/%zz/x',
    '/shop/%2e%2e%2e',
  ])('accepts %s', (path) => {
    expect(pathAmbiguity(path)).toBeUndefined();
  });
});

describe('hasDotSegment (decoded path parameters)', () => {
  it.each(['../../users/me', '..', '.', 'a/./b', 'a\\..\\b', '%2e%2e/users', 'x/%2E%2e'])('finds a dot segment in %s', (value) => {
    expect(hasDotSegment(value)).toBe(true);
  });

  it.each(['reports/2026.pdf', 'a/b/c', '...', '.hidden', 'x..', '', 'café/1'])('finds none in %s', (value) => {
    expect(hasDotSegment(value)).toBe(false);
  });
});
