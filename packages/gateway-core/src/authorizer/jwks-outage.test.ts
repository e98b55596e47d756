import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionRecord } from './audit.ts';
import { AuthorizerConfigError, loadAuthorizerConfig } from './config.ts';
import { createAuthorizer, type AuthorizerDeps } from './create-authorizer.ts';
import { accessToken, authorizerEvent, configFor, IssuerServer, nowSeconds, signingKey } from './test-fixtures.ts';

// Issue 11 §7: during an issuer outage cached keys must not verify forever — a key revoked at
// the issuer would survive as long as the outage. Past FRONTDESK_JWKS_MAX_STALE_SECONDS since the
// last successful fetch, the authorizer denies jwks_unavailable until the issuer answers again.
const servers: IssuerServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop().catch(() => {})));
});

function authorizerFor(server: IssuerServer, env: Record<string, string> = {}, deps: AuthorizerDeps = {}) {
  const audit: DecisionRecord[] = [];
  let offsetMs = 0;
  const authorize = createAuthorizer(configFor(server.issuer, { FRONTDESK_JWKS_URI: `${server.issuer}/jwks`, ...env }), {
    logger: { info: (_m, r) => audit.push(r), warn: (_m, r) => audit.push(r), error() {} },
    now: () => Date.now() + offsetMs,
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
  };
}

describe('bounded staleness during a JWKS outage', () => {
  it('serves cached keys up to the max stale age, then denies jwks_unavailable', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await IssuerServer.start([key.publicJwk]);
    servers.push(server);
    const { code, advance } = authorizerFor(server, { FRONTDESK_JWKS_MAX_STALE_SECONDS: '1800' });
    const token = await accessToken(key, server.issuer, { exp: nowSeconds() + 7200 });
    expect(await code(token)).toBe('allow');
    await server.stop();
    advance(1790_000);
    expect(await code(token)).toBe('allow');
    advance(20_000);
    expect(await code(token)).toBe('jwks_unavailable');
    advance(60_000);
    expect(await code(token)).toBe('jwks_unavailable');
  });

  it('defaults to one hour', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await IssuerServer.start([key.publicJwk]);
    servers.push(server);
    const { code, advance } = authorizerFor(server);
    const token = await accessToken(key, server.issuer, { exp: nowSeconds() + 3 * 3600 });
    expect(await code(token)).toBe('allow');
    await server.stop();
    advance(3590_000);
    expect(await code(token)).toBe('allow');
    advance(20_000);
    expect(await code(token)).toBe('jwks_unavailable');
  });

  it('trusts again once the issuer answers, with the keys it now publishes (a revoked key stays out)', async () => {
    const [revoked, current] = await Promise.all([signingKey('ES256', 'old'), signingKey('ES256', 'new')]);
    const server = await IssuerServer.start([revoked.publicJwk]);
    servers.push(server);
    const { code, advance } = authorizerFor(server, { FRONTDESK_JWKS_MAX_STALE_SECONDS: '600' });
    const later = { exp: nowSeconds() + 7200 };
    expect(await code(await accessToken(revoked, server.issuer, later))).toBe('allow');
    const fetchesBefore = server.jwksFetches;
    // Past the max stale age the keys are refreshed before use, not in the background.
    advance(601_000);
    server.jwks = { keys: [current.publicJwk] };
    expect(await code(await accessToken(revoked, server.issuer, later))).toBe('unknown_kid');
    expect(await code(await accessToken(current, server.issuer, later))).toBe('allow');
    expect(server.jwksFetches).toBeGreaterThan(fetchesBefore);
  });

  it('holds a token the verified-token cache remembers to the max stale age too, when it is shorter than the refresh age', async () => {
    // FRONTDESK_JWKS_MAX_STALE_SECONDS may be 60-599, below the 600 s after which keys are refreshed:
    // a cache hit must not extend the use of keys the full check would no longer trust.
    const key = await signingKey('ES256', 'k1');
    const server = await IssuerServer.start([key.publicJwk]);
    servers.push(server);
    const { code, advance } = authorizerFor(server, { FRONTDESK_JWKS_MAX_STALE_SECONDS: '60' });
    const token = await accessToken(key, server.issuer, { exp: nowSeconds() + 7200 });
    for (let i = 0; i < 3; i += 1) expect(await code(token)).toBe('allow'); // keys loaded, then remembered, then a hit
    await server.stop();
    advance(120_000);
    expect(await code(token)).toBe('jwks_unavailable');
  });

  it('reads FRONTDESK_JWKS_MAX_STALE_SECONDS as 60 to 86400 whole seconds', () => {
    const base = { FRONTDESK_ISSUER: 'https://id.example.com', FRONTDESK_AUDIENCE: 'a' };
    expect(loadAuthorizerConfig(base).jwksMaxStaleSeconds).toBe(3600);
    expect(loadAuthorizerConfig({ ...base, FRONTDESK_JWKS_MAX_STALE_SECONDS: '60' }).jwksMaxStaleSeconds).toBe(60);
    for (const bad of ['59', '86401', '1h', '-5', '3.5']) {
      expect(() => loadAuthorizerConfig({ ...base, FRONTDESK_JWKS_MAX_STALE_SECONDS: bad })).toThrow(AuthorizerConfigError);
      expect(() => loadAuthorizerConfig({ ...base, FRONTDESK_JWKS_MAX_STALE_SECONDS: bad })).toThrow(
        /FRONTDESK_JWKS_MAX_STALE_SECONDS must be a whole number of seconds from 60 to 86400/,
      );
    }
  });
});

describe('cold-start budget: discovery and JWKS share one deadline', () => {
  it('denies jwks_unavailable when discovery plus JWKS together overrun the budget, though each alone fits', async () => {
    const key = await signingKey('ES256', 'k1');
    const server = await IssuerServer.start([key.publicJwk]);
    servers.push(server);
    const slow: typeof fetch = async (url, init) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      (init as RequestInit).signal?.throwIfAborted();
      return fetch(url, init);
    };
    const audit: DecisionRecord[] = [];
    const authorize = createAuthorizer(configFor(server.issuer), {
      logger: { info: (_m, r) => audit.push(r), warn: (_m, r) => audit.push(r), error() {} },
      fetch: slow,
      jwksTimeoutMs: 250,
    });
    const result = await authorize(authorizerEvent({ authorization: `Bearer ${await accessToken(key, server.issuer)}` }));
    expect({ isAuthorized: result.isAuthorized, code: audit.at(-1)?.code }).toEqual({ isAuthorized: false, code: 'jwks_unavailable' });
  });
});
