import { describe, expect, it } from 'vitest';
import { redactCredential, redactEvent, redactHeaderPairs, redactRawHeaders, tokenClaims } from './redact.ts';

const TOKEN = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJhbGljZSIsInNjb3BlIjoib3JkZXJzOnJlYWQifQ.c2lnbmF0dXJl';

describe('redaction: what the console shows of credentials', () => {
  it('keeps the scheme, hides the token, and tells equal tokens apart from different ones', () => {
    const shown = redactCredential('Authorization', `Bearer ${TOKEN}`);
    expect(shown).toMatch(/^Bearer ‹redacted \d+ chars #[0-9a-f]{8}›$/);
    expect(shown).not.toContain('c2lnbmF0dXJl');
    expect(redactCredential('authorization', `Bearer ${TOKEN}`)).toBe(shown);
    expect(redactCredential('authorization', `Bearer ${TOKEN}x`)).not.toBe(shown);
  });

  it('redacts every credential header, cookies by value, and set-cookie values while keeping their attributes', () => {
    const pairs = redactRawHeaders([
      'DPoP',
      'proof.jwt.value',
      'Cookie',
      'session=s3cret; theme=dark',
      'X-Api-Key',
      'k3y',
      'Accept',
      '*/*',
    ]);
    expect(pairs[0]?.[1]).toMatch(/^‹redacted/);
    expect(pairs[1]?.[1]).toMatch(/^session=‹redacted .*›; theme=‹redacted .*›$/);
    expect(pairs[2]?.[1]).not.toContain('k3y');
    expect(pairs[3]).toEqual(['Accept', '*/*']);
    const [setCookie] = redactHeaderPairs([['set-cookie', 'session=s3cret; Path=/; HttpOnly']]);
    expect(setCookie?.[1]).toMatch(/^session=‹redacted .*›; Path=\/; HttpOnly$/);
    expect(JSON.stringify(pairs)).not.toMatch(/s3cret|proof\.jwt\.value/);
  });

  it('redacts the event the function received (headers and cookies) and leaves the rest as sent', () => {
    const event = {
      version: '2.0',
      headers: { authorization: `DPoP ${TOKEN}`, dpop: 'proof', accept: 'x' },
      cookies: ['session=s3cret'],
      body: '{"a":1}',
    };
    const shown = redactEvent(JSON.stringify(event)) as typeof event;
    expect(shown.headers.authorization).toMatch(/^DPoP ‹redacted/);
    expect(shown.headers.dpop).toMatch(/^‹redacted/);
    expect(shown.headers.accept).toBe('x');
    expect(shown.cookies).toEqual([expect.stringMatching(/^session=‹redacted/)]);
    expect(shown.body).toBe('{"a":1}');
    expect(JSON.stringify(shown)).not.toContain(TOKEN);
  });

  it('decodes a JWT header and claims for display, and nothing that is not a JWT', () => {
    expect(tokenClaims(`Bearer ${TOKEN}`)).toEqual({
      header: { alg: 'ES256', typ: 'at+jwt' },
      claims: { sub: 'alice', scope: 'orders:read' },
    });
    expect(tokenClaims('Bearer not-a-jwt')).toBeUndefined();
    expect(tokenClaims('Bearer')).toBeUndefined();
    expect(tokenClaims(undefined)).toBeUndefined();
  });
});
