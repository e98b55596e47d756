import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { accessTokenVerifier, type TokenKeys } from './access-token.ts';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer } from './create-authorizer.ts';
import { accessToken, authorizerEvent, configFor, IssuerServer, signingKey } from './test-fixtures.ts';

// Issue 17: once a raw protected header has passed the typ check and had its key selected, later
// tokens with the same header bytes are verified with that key directly, while the key set is
// fresh and unchanged. These tests hold the shortcut to exactly that.
const ISSUER = 'https://id.example.com';

async function keysFor(jwks: Parameters<typeof createLocalJWKSet>[0]) {
  const local = createLocalJWKSet(jwks);
  let generation: number | undefined = 1;
  let calls = 0;
  const keys: TokenKeys = {
    getKey: ((header, token) => {
      calls += 1;
      return local(header, token as never);
    }) as JWTVerifyGetKey,
    freshGeneration: () => generation,
  };
  return {
    keys,
    calls: () => calls,
    setGeneration: (next: number | undefined) => {
      generation = next;
    },
  };
}

describe('accessTokenVerifier: the key remembered per protected header', () => {
  it('asks for the key once per header and key set generation, and again whenever keys are not fresh', async () => {
    const key = await signingKey('ES256', 'k1');
    const { keys, calls, setGeneration } = await keysFor({ keys: [key.publicJwk] });
    const verify = accessTokenVerifier(configFor(ISSUER), keys, undefined);
    const tokens = await Promise.all([1, 2, 3, 4, 5].map((n) => accessToken(key, ISSUER, { jti: `t${n}` })));
    await verify(tokens[0] as string);
    await verify(tokens[1] as string);
    expect(calls()).toBe(1);
    setGeneration(undefined); // keys due for a refresh: every token asks (the getter refreshes)
    await verify(tokens[2] as string);
    expect(calls()).toBe(2);
    setGeneration(2); // another key set
    await verify(tokens[3] as string);
    await verify(tokens[4] as string);
    expect(calls()).toBe(3);
  });

  it('still checks typ, signature and claims for a header it remembers', async () => {
    const key = await signingKey('ES256', 'k1');
    const attacker = await signingKey('ES256', 'k1');
    const { keys } = await keysFor({ keys: [key.publicJwk] });
    const verify = accessTokenVerifier(configFor(ISSUER), keys, undefined);
    await verify(await accessToken(key, ISSUER));
    // Same header bytes, signed by another key.
    await expect(verify(await accessToken(attacker, ISSUER))).rejects.toMatchObject({ code: 'bad_signature' });
    await expect(verify(await accessToken(key, ISSUER, { aud: 'billing-api' }))).rejects.toMatchObject({ code: 'wrong_audience' });
    await expect(verify(await accessToken(key, ISSUER, { exp: 1 }))).rejects.toMatchObject({ code: 'expired' });
    await expect(verify(await accessToken(key, ISSUER, {}, { typ: 'JWT' }))).rejects.toMatchObject({ code: 'untyped_token' });
  });
});

describe('the remembered key inside the authorizer', () => {
  const servers: IssuerServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop().catch(() => {})));
  });

  it('follows a key replaced under the same kid once the refreshed key set arrives', async () => {
    const before = await signingKey('ES256', 'k1');
    const after = await signingKey('ES256', 'k1'); // same kid and alg: the same header bytes
    const server = await IssuerServer.start([before.publicJwk]);
    servers.push(server);
    const audit: DecisionRecord[] = [];
    let offsetMs = 0;
    const authorize = createAuthorizer(
      configFor(server.issuer, { FRONTDESK_JWKS_URI: `${server.issuer}/jwks`, FRONTDESK_TOKEN_CACHE_SIZE: '0' }),
      {
        logger: { info: (_m, r) => audit.push(r), warn: (_m, r) => audit.push(r), error() {} },
        now: () => Date.now() + offsetMs,
      },
    );
    const bearer = async (token: string) =>
      (await authorize(authorizerEvent({ authorization: `Bearer ${token}` }))).isAuthorized ? 'allow' : audit.at(-1)?.code;
    expect(await bearer(await accessToken(before, server.issuer))).toBe('allow');
    expect(await bearer(await accessToken(before, server.issuer, { jti: 't2' }))).toBe('allow');
    server.jwks = { keys: [after.publicJwk] };
    offsetMs += 601_000; // keys due for a refresh: it runs in the background
    await bearer(await accessToken(before, server.issuer, { jti: 't3' }));
    while (server.jwksFetches < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await bearer(await accessToken(before, server.issuer, { jti: 't4' }))).toBe('bad_signature');
    expect(await bearer(await accessToken(after, server.issuer, { jti: 't5' }))).toBe('allow');
  });
});
