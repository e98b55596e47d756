import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer, type AuthorizerDeps } from './create-authorizer.ts';
import { accessToken, authorizerEvent, configFor, IssuerServer, signingKey, type SigningKey } from './test-fixtures.ts';

const servers: IssuerServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop().catch(() => {})));
});

async function issuerWith(...keys: SigningKey[]): Promise<IssuerServer> {
  const server = await IssuerServer.start(keys.map((key) => key.publicJwk));
  servers.push(server);
  return server;
}

/** An authorizer with a clock the test moves, and its audit trail. */
function authorizerFor(server: IssuerServer, env: Record<string, string> = {}, deps: AuthorizerDeps = {}) {
  const audit: DecisionRecord[] = [];
  let offsetMs = 0;
  const authorize = createAuthorizer(configFor(server.issuer, env), {
    logger: { info: (_m, r) => audit.push(r), warn: (_m, r) => audit.push(r), error() {} },
    now: () => Date.now() + offsetMs,
    jwksCooldownMs: 30_000,
    ...deps,
  });
  return {
    advance: (ms: number) => {
      offsetMs += ms;
    },
    async code(token: string) {
      const result = await authorize(authorizerEvent({ authorization: `Bearer ${token}` }));
      return result.isAuthorized ? 'allow' : audit.at(-1)?.code;
    },
    audit,
  };
}

describe('JWKS from the issuer', () => {
  it('reads jwks_uri from the discovery document once, then the JWKS once for many tokens', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await issuerWith(key);
    const { code } = authorizerFor(server);
    for (let i = 0; i < 5; i += 1) expect(await code(await accessToken(key, server.issuer))).toBe('allow');
    expect({ discovery: server.discoveryFetches, jwks: server.jwksFetches }).toEqual({ discovery: 1, jwks: 1 });
  });

  it('uses FRONTDESK_JWKS_URI without discovery', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await issuerWith(key);
    const { code } = authorizerFor(server, { FRONTDESK_JWKS_URI: `${server.issuer}/jwks` });
    expect(await code(await accessToken(key, server.issuer))).toBe('allow');
    expect(server.discoveryFetches).toBe(0);
  });

  it('denies jwks_unavailable when the JWKS is down and nothing is cached', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await issuerWith(key);
    const { code } = authorizerFor(server, { FRONTDESK_JWKS_URI: `${server.issuer}/jwks` });
    await server.stop();
    expect(await code(await accessToken(key, server.issuer))).toBe('jwks_unavailable');
  });

  it('names the URL and the cause in the audit line of a jwks_unavailable denial, and nothing for other denials', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await issuerWith(key);
    const down = authorizerFor(server, { FRONTDESK_JWKS_URI: `${server.issuer}/jwks` });
    await server.stop();
    expect(await down.code(await accessToken(key, server.issuer))).toBe('jwks_unavailable');
    expect(down.audit.at(-1)?.detail).toMatch(new RegExp(`^GET ${server.issuer}/jwks failed: fetch failed \\(ECONNREFUSED\\)$`));

    const failing = authorizerFor(server, {}, { fetch: async () => new Response('nope', { status: 503 }) });
    expect(await failing.code(await accessToken(key, server.issuer))).toBe('jwks_unavailable');
    expect(failing.audit.at(-1)?.detail).toBe(`GET ${server.issuer}/.well-known/openid-configuration answered 503`);

    const slow = authorizerFor(
      server,
      { FRONTDESK_JWKS_URI: `${server.issuer}/jwks` },
      {
        jwksTimeoutMs: 50,
        fetch: (_url, init) =>
          new Promise((_resolve, reject) =>
            (init as RequestInit).signal!.addEventListener('abort', () => reject((init as RequestInit).signal!.reason)),
          ),
      },
    );
    expect(await slow.code(await accessToken(key, server.issuer))).toBe('jwks_unavailable');
    expect(slow.audit.at(-1)?.detail).toBe(`GET ${server.issuer}/jwks failed: no answer within 50 ms`);

    const other = authorizerFor(server);
    expect(await other.code('not-a-token')).toBe('malformed_token');
    expect(other.audit.at(-1)).not.toHaveProperty('detail');
  });

  it('keeps serving cached keys when the JWKS goes down, and denies unknown kids as jwks_unavailable', async () => {
    const [key, rotated] = await Promise.all([signingKey('ES256', 'k1'), signingKey('ES256', 'k2')]);
    const server = await issuerWith(key);
    const { code, advance } = authorizerFor(server);
    expect(await code(await accessToken(key, server.issuer))).toBe('allow');
    await server.stop();
    advance(11 * 60_000); // cached keys are stale: a background refresh fails
    const later = { exp: Math.floor(Date.now() / 1000) + 3600 };
    expect(await code(await accessToken(key, server.issuer, later))).toBe('allow');
    advance(31_000);
    expect(await code(await accessToken(rotated, server.issuer, later))).toBe('jwks_unavailable');
  });

  it('denies a discovery document that names another issuer', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await issuerWith(key);
    const { code } = authorizerFor(
      server,
      {},
      {
        fetch: async (url, init) => {
          const response = await fetch(url, init);
          if (!String(url).endsWith('openid-configuration')) return response;
          return Response.json({ ...((await response.json()) as object), issuer: 'https://evil.example' });
        },
      },
    );
    expect(await code(await accessToken(key, server.issuer))).toBe('jwks_unavailable');
  });

  it('does not follow a redirect from the JWKS URL', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await issuerWith(key);
    const { code } = authorizerFor(
      server,
      { FRONTDESK_JWKS_URI: `${server.issuer}/jwks` },
      {
        fetch: async (_url, init) => {
          expect((init as RequestInit).redirect).toBe('manual');
          return new Response(null, { status: 302, headers: { location: `${server.issuer}/jwks` } });
        },
      },
    );
    expect(await code(await accessToken(key, server.issuer))).toBe('jwks_unavailable');
  });

  it('denies ambiguous_kid when the JWKS holds two keys with the same kid', async () => {
    const [first, second] = await Promise.all([signingKey('ES256', 'dup'), signingKey('ES256', 'dup')]);
    const server = await issuerWith(first, second);
    const { code } = authorizerFor(server);
    expect(await code(await accessToken(first, server.issuer))).toBe('ambiguous_kid');
  });

  it('refetches on an unknown kid once per cooldown, however many tokens arrive', async () => {
    const [key, attacker] = await Promise.all([signingKey('ES256', 'k1'), signingKey('ES256', 'x')]);
    const server = await issuerWith(key);
    const { code, advance } = authorizerFor(server);
    expect(await code(await accessToken(key, server.issuer))).toBe('allow');
    expect(server.jwksFetches).toBe(1);
    advance(31_000);
    const flood = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => code(await accessToken({ ...attacker, kid: `flood-${i}` }, server.issuer))),
    );
    expect(new Set(flood)).toEqual(new Set(['unknown_kid']));
    expect(server.jwksFetches).toBe(2);
    for (let i = 0; i < 20; i += 1) await code(await accessToken({ ...attacker, kid: `again-${i}` }, server.issuer));
    expect(server.jwksFetches).toBe(2);
    advance(31_000);
    await code(await accessToken({ ...attacker, kid: 'later' }, server.issuer));
    expect(server.jwksFetches).toBe(3);
  });

  it('picks up a rotated key on its first use after the cooldown', async () => {
    const [key, rotated] = await Promise.all([signingKey('ES256', 'k1'), signingKey('ES256', 'k2')]);
    const server = await issuerWith(key);
    const { code, advance } = authorizerFor(server);
    expect(await code(await accessToken(key, server.issuer))).toBe('allow');
    server.jwks = { keys: [key.publicJwk, rotated.publicJwk] };
    advance(31_000);
    expect(await code(await accessToken(rotated, server.issuer))).toBe('allow');
  });

  it('stops trusting a key the issuer removed once the refreshed JWKS arrives', async () => {
    const [key, next] = await Promise.all([signingKey('ES256', 'k1'), signingKey('ES256', 'k2')]);
    const server = await issuerWith(key);
    const { code, advance } = authorizerFor(server);
    const later = { exp: Math.floor(Date.now() / 1000) + 3600 };
    const token = await accessToken(key, server.issuer, later);
    expect(await code(token)).toBe('allow');
    server.jwks = { keys: [next.publicJwk] };
    advance(11 * 60_000);
    await code(token); // stale: starts the background refresh, served from cache meanwhile
    await vi.waitFor(async () => expect(await code(token)).toBe('unknown_kid'), { timeout: 20_000, interval: 20 });
    expect(server.jwksFetches).toBe(2);
  });

  it('does not hammer an unreachable issuer: one attempt per cooldown', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await issuerWith(key);
    let attempts = 0;
    const { code, advance } = authorizerFor(
      server,
      {},
      {
        fetch: async () => {
          attempts += 1;
          throw new TypeError('fetch failed');
        },
      },
    );
    for (let i = 0; i < 10; i += 1) expect(await code(await accessToken(key, server.issuer))).toBe('jwks_unavailable');
    expect(attempts).toBe(1);
    advance(31_000);
    await code(await accessToken(key, server.issuer));
    expect(attempts).toBe(2);
  });

  it('times out a JWKS that never answers', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await issuerWith(key);
    const { code } = authorizerFor(
      server,
      { FRONTDESK_JWKS_URI: `${server.issuer}/jwks` },
      {
        jwksTimeoutMs: 50,
        fetch: (_url, init) =>
          new Promise((_resolve, reject) =>
            (init as RequestInit).signal?.addEventListener('abort', () => reject(new DOMException('timeout', 'TimeoutError'))),
          ),
      },
    );
    expect(await code(await accessToken(key, server.issuer))).toBe('jwks_unavailable');
  });
});
