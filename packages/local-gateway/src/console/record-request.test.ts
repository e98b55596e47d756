import { describe, expect, it } from 'vitest';
import { FORBIDDEN, UNAUTHORIZED, type GatewayRequest } from '../gateway/request.ts';
import { clip, decisionOf, MAX_KEPT_BYTES, recordRequest } from './record-request.ts';

const request: GatewayRequest = {
  method: 'GET',
  path: '/orders/7',
  rawQueryString: 'x=1',
  rawHeaders: ['Authorization', 'Bearer t'],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  protocol: 'HTTP/1.1',
  receivedAt: 1000,
  requestId: 'req-1',
};

describe('recording a request for the console', () => {
  it('names the decision: none without a route, public without an authorizer, else what it decided', () => {
    expect(decisionOf({})).toBe('none');
    expect(decisionOf({ routeKey: 'GET /' })).toBe('public');
    expect(decisionOf({ routeKey: 'GET /', authorization: { allowed: true, context: {}, cached: false } })).toBe('allow');
    expect(
      decisionOf({ routeKey: 'GET /', authorization: { allowed: false, response: FORBIDDEN(), refusal: 'forbidden', cached: true } }),
    ).toBe('deny');
    expect(
      decisionOf({
        routeKey: 'GET /',
        authorization: { allowed: false, response: UNAUTHORIZED(), refusal: 'unauthorized', cached: false },
      }),
    ).toBe('unauthorized');
    expect(
      decisionOf({
        routeKey: 'GET /',
        authorization: { allowed: false, response: UNAUTHORIZED(), refusal: 'error', cached: false, error: 'x' },
      }),
    ).toBe('error');
  });

  it('summarises one request: path with query, status, latency, app, route, subject, version, function error type', () => {
    const record = recordRequest({
      request,
      response: { statusCode: 500, headers: [], body: Buffer.from('{"message":"Internal Server Error"}') },
      durationMs: 12.345,
      app: 'orders',
      routeKey: 'GET /{orderId}',
      authorization: { allowed: true, context: { sub: 'alice' }, cached: true },
      event: '{"version":"2.0"}',
      version: '3',
      result: { ok: false, timedOut: false, error: { errorType: 'TypeError', errorMessage: 'x', trace: [] } },
    });
    expect(record.summary).toEqual({
      id: 'req-1',
      time: 1000,
      method: 'GET',
      path: '/orders/7?x=1',
      status: 500,
      latencyMs: 12.3,
      decision: 'allow',
      app: 'orders',
      routeKey: 'GET /{orderId}',
      version: '3',
      cached: true,
      sub: 'alice',
      code: 'TypeError',
    });
    expect(record.authorizerContext).toEqual({ sub: 'alice' });
    expect(record.event?.text).toBe('{"version":"2.0"}');
  });

  it('keeps text as text, other bytes as base64, and at most MAX_KEPT_BYTES of either', () => {
    expect(clip(Buffer.from('héllo'))).toEqual({ text: 'héllo', encoding: 'utf8' });
    expect(clip(Buffer.from([0xff, 0x00, 0x10]))).toEqual({ text: '/wAQ', encoding: 'base64' });
    const big = clip(Buffer.alloc(MAX_KEPT_BYTES + 10, 0x61));
    expect(big).toMatchObject({ encoding: 'utf8', truncatedFrom: MAX_KEPT_BYTES + 10 });
    expect(big.text).toHaveLength(MAX_KEPT_BYTES);
    expect(clip('x'.repeat(MAX_KEPT_BYTES + 1)).truncatedFrom).toBe(MAX_KEPT_BYTES + 1);
  });
});
