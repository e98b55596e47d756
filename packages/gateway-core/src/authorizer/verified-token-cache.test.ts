import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessTokenClaims } from './access-token.ts';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer } from './create-authorizer.ts';
import { AuthorizerDenial } from './denial-codes.ts';
import { accessToken, authorizerEvent, configFor, dpopKey, dpopProof, IssuerServer, nowSeconds, signingKey } from './test-fixtures.ts';
import { cachingAccessTokenVerifier, VerifiedTokenCache, type TokenCacheOutcome } from './verified-token-cache.ts';

// Issue 17: a repeated access token skips its signature check, and nothing else. Every test
// below first proves the token is served from the cache (outcome `hit`), then that the check the
// cache must not skip still denies.
const servers: IssuerServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop().catch(() => {})));
});

async function setup(env: Record<string, string> = {}) {
  const key = await signingKey('ES256', 'k1');
  const server = await IssuerServer.start([key.publicJwk]);
  servers.push(server);
  return { key, server, ...authorizerFor(server, env) };
}

const auditId = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16);

function authorizerFor(server: IssuerServer, env: Record<string, string> = {}) {
  const audit: DecisionRecord[] = [];
  const outcomes: TokenCacheOutcome[] = [];
  let offsetMs = 0;
  const authorize = createAuthorizer(configFor(server.issuer, { FRONTDESK_JWKS_URI: `${server.issuer}/jwks`, ...env }), {
    logger: { info: (_m, r) => audit.push(r), warn: (_m, r) => audit.push(r), error() {} },
    now: () => Date.now() + offsetMs,
    onTokenCache: (outcome) => outcomes.push(outcome),
  });
  async function decide(headers: Record<string, string>, overrides: Parameters<typeof authorizerEvent>[1] = {}) {
    const result = await authorize(authorizerEvent(headers, overrides));
    return result.isAuthorized ? 'allow' : audit.at(-1)?.code;
  }
  return {
    audit,
    outcomes,
    advance: (ms: number) => {
      offsetMs += ms;
    },
    decide,
    bearer: (token: string, overrides?: Parameters<typeof authorizerEvent>[1]) => decide({ authorization: `Bearer ${token}` }, overrides),
  };
}

describe('VerifiedTokenCache', () => {
  const claims = (sub: string) => ({ sub, iss: 'i', exp: nowSeconds() + 60 }) as AccessTokenClaims;

  it('remembers at most twice its size of sightings, then starts over', () => {
    const cache = new VerifiedTokenCache(2);
    for (let sighting = 0; sighting < 4; sighting += 1) cache.see(sighting);
    expect([0, 1, 2, 3].map((sighting) => cache.seen(sighting))).toEqual([true, true, true, true]);
    cache.see(4);
    expect([0, 3, 4].map((sighting) => cache.seen(sighting))).toEqual([false, false, true]);
  });

  it('stays within its size, evicting the least recently used entry', () => {
    const cache = new VerifiedTokenCache(3);
    for (let i = 0; i < 10; i += 1) cache.set(`k${i}`, claims(`s${i}`), 1, 'id');
    expect(cache.size).toBe(3);
    expect(cache.get('k6', 1)).toBeUndefined();
    expect(cache.get('k7', 1)?.claims.sub).toBe('s7'); // now the most recently used
    cache.set('k10', claims('s10'), 1, 'id');
    expect(cache.get('k8', 1)).toBeUndefined();
    expect(cache.get('k7', 1)?.claims.sub).toBe('s7');
    expect(cache.size).toBe(3);
  });

  it('when full, evicts the least recently used sixteenth, never a more recently used entry', () => {
    const cache = new VerifiedTokenCache(32);
    for (let i = 0; i < 32; i += 1) cache.set(`k${i}`, claims(`s${i}`), 1, 'id');
    expect(cache.get('k0', 1)?.claims.sub).toBe('s0'); // k1 and k2 are now the least recently used
    cache.set('k32', claims('s32'), 1, 'id');
    expect(cache.size).toBe(31);
    expect([cache.get('k1', 1), cache.get('k2', 1)]).toEqual([undefined, undefined]);
    for (const key of ['k0', 'k3', 'k31', 'k32']) expect(cache.get(key, 1)).toBeDefined();
    for (let i = 33; i < 200; i += 1) {
      cache.set(`k${i}`, claims(`s${i}`), 1, 'id');
      expect(cache.size).toBeLessThanOrEqual(32);
    }
    expect(cache.get('k199', 1)?.claims.sub).toBe('s199');
  });

  it('drops an entry looked up under another key set generation', () => {
    const cache = new VerifiedTokenCache(3);
    cache.set('k', claims('s'), 1, 'id');
    expect(cache.get('k', 2)).toBeUndefined();
    expect(cache.get('k', 1)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keys by SHA-256 and freezes what it shares', async () => {
    const keyed = new VerifiedTokenCache(2);
    const verify = cachingAccessTokenVerifier({
      verify: async () => claims('s'),
      cache: keyed,
      keyGeneration: () => 1,
      now: Date.now,
      clockToleranceSeconds: 0,
    });
    await verify('a.b.c'); // sighted
    await verify('a.b.c'); // stored
    expect(keyed.get(createHash('sha256').update('a.b.c').digest('base64url'), 1)?.claims.sub).toBe('s');
    const cache = new VerifiedTokenCache(1);
    const entry = { ...claims('s'), cnf: { jkt: 'x' } } as AccessTokenClaims;
    cache.set('k', entry, 1, 'id');
    expect(Object.isFrozen(cache.get('k', 1)?.claims.cnf)).toBe(true);
  });

  it('refuses a size outside the configuration range (0 means "no cache" and is handled by the authorizer): memory stays bounded', () => {
    for (const size of [0, Number.NaN, 100_001, Number.POSITIVE_INFINITY])
      expect(() => new VerifiedTokenCache(size)).toThrow(/1 to 100000/);
    expect(new VerifiedTokenCache(100_000)).toBeInstanceOf(VerifiedTokenCache);
  });

  it('never stores a failure', async () => {
    let calls = 0;
    const verify = cachingAccessTokenVerifier({
      verify: async () => {
        calls += 1;
        throw new AuthorizerDenial('bad_signature');
      },
      cache: new VerifiedTokenCache(10),
      keyGeneration: () => 1,
      now: Date.now,
      clockToleranceSeconds: 0,
    });
    await expect(verify('a.b.c')).rejects.toMatchObject({ code: 'bad_signature' });
    await expect(verify('a.b.c')).rejects.toMatchObject({ code: 'bad_signature' });
    expect(calls).toBe(2);
  });
});

describe('the verified-token cache inside the authorizer', () => {
  it('serves a repeated token from the cache once the keys are loaded', async () => {
    const { key, server, bearer, outcomes } = await setup();
    const token = await accessToken(key, server.issuer);
    for (let i = 0; i < 3; i += 1) expect(await bearer(token)).toBe('allow');
    expect(outcomes).toEqual(['bypass', 'miss', 'hit']);
  });

  it('re-checks exp on every hit, with the configured tolerance, and drops the expired entry', async () => {
    const { key, server, bearer, outcomes, advance } = await setup({ FRONTDESK_CLOCK_TOLERANCE: '30' });
    const token = await accessToken(key, server.issuer, { exp: nowSeconds() + 60 });
    expect(await bearer(token)).toBe('allow');
    expect(await bearer(token)).toBe('allow');
    advance(80_000); // past exp, within the tolerance
    expect(await bearer(token)).toBe('allow');
    expect(outcomes.at(-1)).toBe('hit');
    advance(12_000); // exp + 32 s
    expect(await bearer(token)).toBe('expired');
    expect(await bearer(token)).toBe('expired'); // verified in full now: the entry is gone
    expect(outcomes).toEqual(['bypass', 'miss', 'hit']);
  });

  it('re-checks nbf on a hit when the clock is behind the token', async () => {
    const { key, server, bearer, outcomes, advance } = await setup({ FRONTDESK_CLOCK_TOLERANCE: '0' });
    const token = await accessToken(key, server.issuer, { nbf: nowSeconds() - 5 });
    expect(await bearer(token)).toBe('allow');
    expect(await bearer(token)).toBe('allow');
    advance(-20_000); // a clock stepped back: the cached token is not valid yet
    expect(await bearer(token)).toBe('not_yet_valid');
    expect(outcomes).toEqual(['bypass', 'miss']);
  });

  it('re-verifies after the issuer rotates the key out: the old token is denied', async () => {
    const { key, server, bearer, outcomes, advance } = await setup();
    const old = await accessToken(key, server.issuer);
    expect(await bearer(old)).toBe('allow');
    expect(await bearer(old)).toBe('allow');
    expect(await bearer(old)).toBe('allow');
    expect(outcomes.at(-1)).toBe('hit');

    const next = await signingKey('ES256', 'k2');
    server.jwks = { keys: [next.publicJwk] };
    advance(31_000); // past the unknown-kid fetch cooldown
    expect(await bearer(await accessToken(next, server.issuer))).toBe('allow'); // refetch: new key set
    expect(await bearer(old)).toBe('unknown_kid');
    expect(outcomes.at(-1)).not.toBe('hit');
  });

  it('keeps its entries when a periodic refresh returns the same key set', async () => {
    const { key, server, bearer, outcomes, advance } = await setup();
    const token = await accessToken(key, server.issuer, { exp: nowSeconds() + 3600 });
    await bearer(token);
    await bearer(token);
    advance(601_000); // keys due for a background refresh: verified in full meanwhile
    expect(await bearer(token)).toBe('allow');
    while (server.jwksFetches < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await bearer(token)).toBe('allow');
    expect(outcomes).toEqual(['bypass', 'miss', 'bypass', 'hit']);
  });

  it('still requires, verifies and replay-checks the DPoP proof of a cached bound token', async () => {
    const { key, server, decide, outcomes } = await setup();
    const client = await dpopKey();
    const bound = await accessToken(key, server.issuer, { cnf: { jkt: client.jkt } });
    const dpop = async (proof?: string) =>
      decide(proof === undefined ? { authorization: `DPoP ${bound}` } : { authorization: `DPoP ${bound}`, dpop: proof });
    expect(await dpop(await dpopProof(client, bound))).toBe('allow');
    const proof = await dpopProof(client, bound);
    expect(await dpop(proof)).toBe('allow');
    expect(outcomes).toEqual(['bypass', 'miss']);

    expect(await dpop()).toBe('dpop_missing_proof');
    expect(await dpop(proof)).toBe('dpop_replay');
    expect(await decide({ authorization: `Bearer ${bound}` })).toBe('dpop_bound_token_as_bearer');
    const other = await dpopKey();
    expect(await dpop(await dpopProof(other, bound))).toBe('dpop_key_mismatch');
    expect(await dpop(await dpopProof(client, bound, { claims: { htm: 'POST' } }))).toBe('dpop_htm_mismatch');
    expect(outcomes.slice(2)).toEqual(['hit', 'hit', 'hit', 'hit', 'hit']);
    expect(await dpop(await dpopProof(client, bound))).toBe('allow');
  });

  it('checks route scopes per request on a hit', async () => {
    const { key, server, bearer, outcomes } = await setup();
    const token = await accessToken(key, server.issuer, { scope: 'orders:read' });
    expect(await bearer(token)).toBe('allow');
    expect(await bearer(token)).toBe('allow');
    expect(await bearer(token, { routeKey: 'POST /items' })).toBe('insufficient_scope');
    expect(outcomes.at(-1)).toBe('hit');
  });

  it('never serves one configuration the tokens another one verified', async () => {
    const { key, server, bearer } = await setup();
    const otherAudience = authorizerFor(server, { FRONTDESK_AUDIENCE: 'billing-api' });
    const otherIssuer = authorizerFor(server, { FRONTDESK_ISSUER: `${server.issuer}/tenant-b` });
    const token = await accessToken(key, server.issuer);
    for (let i = 0; i < 3; i += 1) {
      expect(await bearer(token)).toBe('allow');
      expect(await otherAudience.bearer(token)).toBe('wrong_audience');
      expect(await otherIssuer.bearer(token)).toBe('wrong_issuer');
    }
    expect(otherAudience.outcomes).not.toContain('hit');
    expect(otherIssuer.outcomes).not.toContain('hit');
  });

  it('does not let an altered token ride on a cached one', async () => {
    const { key, server, bearer } = await setup();
    const token = await accessToken(key, server.issuer);
    await bearer(token);
    await bearer(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await bearer(flipped)).toBe('bad_signature');
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'mallory' }),
    ).toString('base64url');
    expect(await bearer(`${header}.${otherPayload}.${signature}`)).toBe('bad_signature');
  });

  it('is off with FRONTDESK_TOKEN_CACHE_SIZE=0', async () => {
    const { key, server, bearer, outcomes } = await setup({ FRONTDESK_TOKEN_CACHE_SIZE: '0' });
    const token = await accessToken(key, server.issuer);
    for (let i = 0; i < 3; i += 1) expect(await bearer(token)).toBe('allow');
    expect(outcomes).toEqual([]);
  });

  it('stays bounded by FRONTDESK_TOKEN_CACHE_SIZE under many distinct tokens', async () => {
    const { key, server, bearer, outcomes } = await setup({ FRONTDESK_TOKEN_CACHE_SIZE: '2' });
    const [loader, ...tokens] = await Promise.all([0, 1, 2, 3].map((n) => accessToken(key, server.issuer, { jti: `t${n}` })));
    await bearer(loader as string); // loads the keys
    for (const token of tokens) for (let i = 0; i < 2; i += 1) await bearer(token); // sighted, then stored
    expect(await bearer(tokens[0] as string)).toBe('allow'); // evicted by t2, t3: verified again
    expect(await bearer(tokens[2] as string)).toBe('allow');
    expect(outcomes).toEqual(['bypass', 'miss', 'miss', 'miss', 'miss', 'miss', 'miss', 'miss', 'hit']);
  });

  it('stores a token on its second verification, so tokens used once never displace a repeat caller', async () => {
    const { key, server, bearer, outcomes } = await setup({ FRONTDESK_TOKEN_CACHE_SIZE: '3' });
    const [loader, repeated, ...once] = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => accessToken(key, server.issuer, { jti: `u${n}` })));
    await bearer(loader as string); // loads the keys
    await bearer(repeated as string); // sighted
    await bearer(repeated as string); // stored
    for (const token of once) expect(await bearer(token)).toBe('allow'); // verified in full, sighted only
    expect(await bearer(repeated as string)).toBe('allow');
    expect(outcomes).toEqual(['bypass', 'miss', 'miss', 'miss', 'miss', 'miss', 'miss', 'hit']);
  });

  it('audits the same token id on a miss, a hit and a bypass: the jti hash, remembered with the token', async () => {
    const { key, server, bearer, outcomes, audit } = await setup();
    const token = await accessToken(key, server.issuer, { jti: 'token-7' });
    for (let i = 0; i < 3; i += 1) expect(await bearer(token)).toBe('allow');
    expect(outcomes).toEqual(['bypass', 'miss', 'hit']);
    expect(audit.map((record) => record.tokenIdHash)).toEqual(Array(3).fill(auditId('token-7')));
  });

  it('audits a token without jti by the hash of the whole token, the cache key hashed once', async () => {
    const { key, server, bearer, outcomes, audit } = await setup();
    const token = await accessToken(key, server.issuer, { jti: undefined });
    for (let i = 0; i < 3; i += 1) expect(await bearer(token)).toBe('allow');
    expect(outcomes).toEqual(['bypass', 'miss', 'hit']);
    expect(audit.map((record) => record.tokenIdHash)).toEqual(Array(3).fill(auditId(token)));
  });

  it('audits the same token ids with the cache off', async () => {
    const { key, server, bearer, audit } = await setup({ FRONTDESK_TOKEN_CACHE_SIZE: '0' });
    const withJti = await accessToken(key, server.issuer, { jti: 'token-8' });
    const withoutJti = await accessToken(key, server.issuer, { jti: undefined });
    for (const token of [withJti, withoutJti, withJti]) expect(await bearer(token)).toBe('allow');
    expect(audit.map((record) => record.tokenIdHash)).toEqual([auditId('token-8'), auditId(withoutJti), auditId('token-8')]);
  });
});
