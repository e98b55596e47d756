import { describe, expect, it } from 'vitest';
import { describeRequest, REDACTED } from './describe-request.ts';
import type { FrontdeskEvent } from './with-frontdesk.ts';

const event = {
  version: '2.0',
  routeKey: 'GET /me/request',
  rawPath: '/me/request',
  rawQueryString: 'a=1',
  cookies: ['session=abc', 'theme=dark'],
  headers: { authorization: 'DPoP eyJ.token.sig', dpop: 'eyJ.proof.sig', 'Proxy-Authorization': 'Basic x', accept: 'application/json' },
  queryStringParameters: { a: '1' },
  body: 'secret body',
  isBase64Encoded: false,
  requestContext: {
    routeKey: 'GET /me/request',
    http: { method: 'GET', path: '/users/me/request' },
    authorizer: { lambda: { sub: 'alice' } },
  },
} as unknown as FrontdeskEvent;

describe('describeRequest', () => {
  it('keeps every field of the event but never echoes a credential or the body', () => {
    const described = describeRequest(event);
    expect(described).toEqual({
      version: '2.0',
      routeKey: 'GET /me/request',
      rawPath: '/me/request',
      rawQueryString: 'a=1',
      cookies: [REDACTED, REDACTED],
      headers: { authorization: REDACTED, dpop: REDACTED, 'Proxy-Authorization': REDACTED, accept: 'application/json' },
      queryStringParameters: { a: '1' },
      bodyLength: 11,
      isBase64Encoded: false,
      requestContext: event.requestContext,
    });
    const text = JSON.stringify(described);
    for (const secret of ['eyJ', 'session=abc', 'Basic x', 'secret body']) expect(text).not.toContain(secret);
  });

  it('omits what the event omits', () => {
    const { cookies: _cookies, body: _body, ...bare } = event as FrontdeskEvent & { cookies?: string[] };
    const described = describeRequest(bare as FrontdeskEvent);
    expect(described).not.toHaveProperty('cookies');
    expect(described).not.toHaveProperty('bodyLength');
  });
});
