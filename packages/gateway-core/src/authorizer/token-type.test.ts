import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from './audit.ts';
import { AuthorizerConfigError, loadAuthorizerConfig } from './config.ts';
import { createAuthorizer, type Authorizer } from './create-authorizer.ts';
import type { DenialCode } from './denial-codes.ts';
import { accessToken, authorizerEvent, configFor, dpopKey, dpopProof, IssuerServer, signingKey, type SigningKey } from './test-fixtures.ts';

// RFC 9068 §4 and RFC 8725 §3.11: an access token says it is one (`typ` at+jwt), so an ID token,
// a logout token or any other JWT the issuer signs cannot be presented in its place.
let issuer: IssuerServer;
let es: SigningKey;
let strict: Authorizer;
let lenient: Authorizer;
const audit: DecisionRecord[] = [];
const logger = {
  info: (_m: string, r: DecisionRecord) => audit.push(r),
  warn: (_m: string, r: DecisionRecord) => audit.push(r),
  error() {},
};

beforeAll(async () => {
  es = await signingKey('ES256', 'es-1');
  issuer = await IssuerServer.start([es.publicJwk]);
  strict = createAuthorizer(configFor(issuer.issuer), { logger });
  lenient = createAuthorizer(configFor(issuer.issuer, { FRONTDESK_ALLOW_UNTYPED_TOKENS: 'true' }), { logger });
});
afterAll(() => issuer.stop());

async function decide(authorize: Authorizer, token: string, headers: Record<string, string> = {}) {
  const result = await authorize(authorizerEvent({ authorization: `Bearer ${token}`, ...headers }));
  return { isAuthorized: result.isAuthorized, code: result.isAuthorized ? undefined : audit.at(-1)?.code, context: result.context };
}

const denied = (code: DenialCode) => ({ isAuthorized: false, code, context: undefined });

describe('typ (RFC 9068 §4, RFC 8725 §3.11)', () => {
  it.each(['at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/At+JWT'])(
    'accepts typ %j (media types are case-insensitive, RFC 7515 §4.1.9)',
    async (typ) => {
      expect((await decide(strict, await accessToken(es, issuer.issuer, {}, { typ }))).isAuthorized).toBe(true);
    },
  );

  it.each([['JWT'], ['jwt'], ['application/jwt'], [undefined]])('denies typ %j by default as untyped_token', async (typ) => {
    expect(await decide(strict, await accessToken(es, issuer.issuer, {}, { typ }))).toEqual(denied('untyped_token'));
  });

  it.each(['id+jwt', 'logout+jwt', 'secevent+jwt', 'at+jwt; charset=utf-8', 'xat+jwt', 'application/at+jwt+x', 'dpop+jwt', 'at+jwt ', ''])(
    'denies typ %j as wrong_token_type in either mode',
    async (typ) => {
      const token = await accessToken(es, issuer.issuer, {}, { typ });
      expect(await decide(strict, token)).toEqual(denied('wrong_token_type'));
      expect(await decide(lenient, token)).toEqual(denied('wrong_token_type'));
    },
  );

  it('denies a non-string typ', async () => {
    expect(await decide(strict, await accessToken(es, issuer.issuer, {}, { typ: 1 }))).toEqual(denied('wrong_token_type'));
  });

  it.each([['JWT'], [undefined]])('FRONTDESK_ALLOW_UNTYPED_TOKENS=true accepts typ %j', async (typ) => {
    expect((await decide(lenient, await accessToken(es, issuer.issuer, {}, { typ }))).isAuthorized).toBe(true);
  });

  it.each([
    ['nonce', { nonce: 'n-0S6_WzA2Mj' }],
    ['at_hash', { at_hash: '77QmUPtjPfzWtF2AnpK9RQ' }],
    ['c_hash', { c_hash: 'LDktKdoQak3Pk0cnXxCltA' }],
    ['s_hash', { s_hash: 'LDktKdoQak3Pk0cnXxCltA' }],
    ['Cognito token_use id', { token_use: 'id' }],
  ])('denies an ID-token-shaped token (%s) as id_token even when untyped tokens are allowed', async (_name, claims) => {
    expect(await decide(lenient, await accessToken(es, issuer.issuer, claims, { typ: 'JWT' }))).toEqual(denied('id_token'));
    expect(await decide(strict, await accessToken(es, issuer.issuer, claims))).toEqual(denied('id_token'));
  });

  it('accepts Cognito token_use access', async () => {
    expect((await decide(lenient, await accessToken(es, issuer.issuer, { token_use: 'access' }, { typ: undefined }))).isAuthorized).toBe(
      true,
    );
  });

  it('FRONTDESK_ALLOW_UNTYPED_TOKENS accepts only true/false', () => {
    expect(loadAuthorizerConfig({ FRONTDESK_ISSUER: 'https://id.example.com', FRONTDESK_AUDIENCE: 'a' }).allowUntypedTokens).toBe(false);
    expect(() =>
      loadAuthorizerConfig({ FRONTDESK_ISSUER: 'https://id.example.com', FRONTDESK_AUDIENCE: 'a', FRONTDESK_ALLOW_UNTYPED_TOKENS: 'yes' }),
    ).toThrow(AuthorizerConfigError);
    expect(() =>
      loadAuthorizerConfig({ FRONTDESK_ISSUER: 'https://id.example.com', FRONTDESK_AUDIENCE: 'a', FRONTDESK_ALLOW_UNTYPED_TOKENS: 'yes' }),
    ).toThrow(/FRONTDESK_ALLOW_UNTYPED_TOKENS must be "true" or "false"/);
  });
});

describe('cnf (RFC 7800): only jkt (RFC 9449) is understood', () => {
  it.each([
    ['x5t#S256 (mTLS, RFC 8705)', { 'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2' }],
    ['jwk', { jwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' } }],
    ['jku', { jku: 'https://attacker.example/jwks' }],
    ['kid', { kid: 'k1' }],
    ['jkt beside x5t#S256', { jkt: 'abc', 'x5t#S256': 'def' }],
    ['empty object', {}],
    ['jkt not a string', { jkt: 42 }],
    ['jkt empty', { jkt: '' }],
  ])('denies a Bearer token whose cnf is %s as unsupported_confirmation', async (_name, cnf) => {
    expect(await decide(strict, await accessToken(es, issuer.issuer, { cnf }))).toEqual(denied('unsupported_confirmation'));
  });

  it.each([
    ['a string', 'x5t'],
    ['an array', [{ jkt: 'a' }]],
    ['null', null],
    ['a number', 1],
    ['true', true],
  ])('denies a cnf that is %s', async (_name, cnf) => {
    expect(await decide(strict, await accessToken(es, issuer.issuer, { cnf }))).toEqual(denied('unsupported_confirmation'));
  });

  it('denies a certificate-bound token presented with the DPoP scheme too', async () => {
    const client = await dpopKey();
    const token = await accessToken(es, issuer.issuer, { cnf: { jkt: client.jkt, 'x5t#S256': 'def' } });
    const result = await strict(authorizerEvent({ authorization: `DPoP ${token}`, dpop: await dpopProof(client, token) }));
    expect({ isAuthorized: result.isAuthorized, code: audit.at(-1)?.code }).toEqual({
      isAuthorized: false,
      code: 'unsupported_confirmation',
    });
  });
});

describe('email reaches the app only when verified', () => {
  it('passes email when email_verified is true', async () => {
    const { context } = await decide(strict, await accessToken(es, issuer.issuer, { email: 'a@example.com', email_verified: true }));
    expect(context?.email).toBe('a@example.com');
  });

  it.each([
    ['absent', undefined],
    ['false', false],
    ['the string "true"', 'true'],
    ['1', 1],
  ])('drops email when email_verified is %s', async (_name, verified) => {
    const { isAuthorized, context } = await decide(
      strict,
      await accessToken(es, issuer.issuer, { email: 'a@example.com', email_verified: verified }),
    );
    expect(isAuthorized).toBe(true);
    expect(context).not.toHaveProperty('email');
  });
});
