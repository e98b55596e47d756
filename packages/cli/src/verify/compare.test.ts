import { describe, expect, it } from 'vitest';
import { compareRequests, flatten, pathShape } from './compare.ts';

const event = (overrides: Record<string, unknown> = {}) => ({
  version: '2.0',
  routeKey: 'GET /me/request',
  rawPath: '/me/request',
  headers: { host: '127.0.0.1:3000', accept: 'application/json', authorization: '[redacted]' },
  requestContext: {
    requestId: 'a',
    timeEpoch: 1,
    http: { method: 'GET', path: '/users/me/request' },
    authorizer: { lambda: { sub: 'alice', scopes: ['users:inspect'], iss: 'http://127.0.0.1:3000/_frontdesk/idp' } },
  },
  ...overrides,
});

describe('compareRequests', () => {
  it('finds nothing when only environment values (ids, clocks, host, issuer) differ', () => {
    const remote = event({ headers: { host: 'api.example.com', accept: 'application/json', authorization: '[redacted]' } });
    const local = event();
    (remote.requestContext as { requestId: string }).requestId = 'b';
    (remote.requestContext.authorizer.lambda as { iss: string }).iss = 'https://login.example.com/';
    expect(compareRequests(remote, local)).toEqual([]);
  });

  it('lists a missing field, a changed value and a changed JSON type, each by its dotted path', () => {
    const remote = event({ routeKey: 'GET /me' });
    delete (remote.requestContext as { requestId?: string }).requestId;
    (remote.requestContext.authorizer.lambda as { scopes: unknown }).scopes = 'users:inspect';
    (remote.requestContext as { timeEpoch: unknown }).timeEpoch = '1';
    expect(compareRequests(remote, event())).toEqual([
      expect.objectContaining({
        field: 'requestContext.authorizer.lambda.scopes',
        severity: 'fail',
        reason: 'JSON type differs: string on the stage, array under pnpm dev',
      }),
      expect.objectContaining({ field: 'requestContext.requestId', severity: 'fail', reason: 'only pnpm dev has it' }),
      expect.objectContaining({
        field: 'requestContext.timeEpoch',
        severity: 'fail',
        reason: 'JSON type differs: string on the stage, number under pnpm dev',
      }),
      expect.objectContaining({
        field: 'routeKey',
        remote: 'GET /me',
        local: 'GET /me/request',
        severity: 'fail',
        reason: 'value differs',
      }),
    ]);
  });

  it('notes headers the network adds, but fails a header the verifier sent that did not arrive', () => {
    const remote = event({
      headers: { host: 'h', 'x-amzn-trace-id': 'Root=1', 'x-forwarded-for': '192.0.2.1', authorization: '[redacted]' },
    });
    expect(compareRequests(remote, event()).map((difference) => [difference.field, difference.severity])).toEqual([
      ['headers.accept', 'fail'],
      ['headers.x-amzn-trace-id', 'note'],
      ['headers.x-forwarded-for', 'note'],
    ]);
  });

  it('leaves the path fields to pathShape', () => {
    expect(compareRequests(event({ rawPath: '/users/me/request' }), event())).toEqual([]);
  });
});

describe('pathShape', () => {
  it('tells the shape with the mapping key kept from the shape without it, for each field', () => {
    expect(pathShape(event(), '/users/me/request', 'users')).toEqual({
      rawPath: { value: '/me/request', shape: 'mapping key stripped' },
      httpPath: { value: '/users/me/request', shape: 'mapping key kept' },
    });
    expect(pathShape(event({ rawPath: '/users/me/request' }), '/users/me/request', 'users').rawPath.shape).toBe('mapping key kept');
    expect(pathShape(event({ rawPath: '/$default/me/request' }), '/users/me/request', 'users').rawPath.shape).toBe('unexpected');
  });

  it('handles multi-level base paths and a request to the base path itself', () => {
    expect(pathShape({ rawPath: '/' }, '/orders/v2', 'orders/v2').rawPath.shape).toBe('mapping key stripped');
    expect(pathShape({ rawPath: '/items' }, '/orders/v2/items', 'orders/v2').rawPath.shape).toBe('mapping key stripped');
  });
});

describe('flatten', () => {
  it('keeps arrays and empty objects as leaves', () => {
    expect([...flatten({ a: { b: [1, 2], c: {} }, d: null })]).toEqual([
      ['a.b', [1, 2]],
      ['a.c', {}],
      ['d', null],
    ]);
  });
});
