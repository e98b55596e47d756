import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mintDevToken, DPOP_KEY } from '../src/cli/dev-token.ts';
import { createDpopProof } from '../src/idp/dpop-proof.ts';
import { loadOrCreateKey } from '../src/idp/keys.ts';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

// The rule AppApi enforces at deploy time, applied by pnpm dev: an app that caches authorizer
// decisions (cacheTtlSeconds > 0) is not served while DPoP is on, since a cached decision would
// let a DPoP-bound token through without a fresh proof.
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

const refusal =
  /app "cached": authorizer.cacheTtlSeconds is 60 but the stage's DPoP mode is "(optional|required)".*set authorizer.cacheTtlSeconds to 0.*FRONTDESK_DPOP=off for pnpm dev/s;

describe('pnpm dev: authorizer caching vs DPoP', () => {
  it.each([undefined, 'optional', 'required'])(
    'refuses to load an app with a cache TTL while FRONTDESK_DPOP is %s, and says why',
    async (mode) => {
      fixture = await startFixture(['echo', 'cached'], { env: { STAGE: 'dev', ...(mode ? { FRONTDESK_DPOP: mode } : {}) } });
      expect(fixture.events).toContainEqual(
        expect.objectContaining({ level: 'error', app: 'cached', message: expect.stringMatching(refusal) }),
      );
      expect(fixture.server.workspace.apps.has('cached')).toBe(false);
      expect((await fixture.get('/cached/a', { headers: { authorization: 'Bearer x' } })).status).toBe(404);
      // Other apps are served as usual.
      expect((await fixture.get('/echo/things')).status).toBe(200);
    },
  );

  it('serves it with FRONTDESK_DPOP=off, the only mode in which decisions may be cached', async () => {
    fixture = await startFixture(['cached'], { env: { STAGE: 'dev', FRONTDESK_DPOP: 'off' } });
    expect(fixture.server.workspace.apps.has('cached')).toBe(true);
    expect((await fixture.get('/cached/a')).status).toBe(401);
  });

  it('rejects a manifest edit that turns caching on under DPoP, and keeps serving the last good version', async () => {
    fixture = await startFixture(['shop'], { watch: true, env: { STAGE: 'dev', FRONTDESK_DPOP: 'required' } });
    const file = join(fixture.root, 'apps', 'shop', 'app.config.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('routes: {', 'authorizer: { cacheTtlSeconds: 30 },\n  routes: {'));
    await expect
      .poll(() => fixture?.events.find((event) => event.app === 'shop' && event.message.startsWith('manifest rejected')), {
        timeout: 10_000,
        interval: 100,
      })
      .toMatchObject({
        message: expect.stringMatching(
          /still serving the last good version: app "shop": authorizer.cacheTtlSeconds is 30 but the stage's DPoP mode is "required"/,
        ),
      });
    expect(fixture.server.workspace.apps.get('shop')?.api.authorizer.cacheTtlSeconds).toBe(0);
  });
});

describe('the local decision cache never serves a DPoP-bound decision to a request without a proof', () => {
  it('keeps no cache entry for a DPoP request, even with caching on', async () => {
    // DPoP off for loading; the cache must still never hold a DPoP decision (defence in depth).
    fixture = await startFixture(['cached'], { env: { STAGE: 'dev', FRONTDESK_DPOP: 'off' } });
    const api = fixture.server.workspace.apps.get('cached')?.api;
    expect(api?.authorizer.cacheTtlSeconds).toBe(60);
    const port = new URL(fixture.server.url).port;
    const token = await mintDevToken({
      root: fixture.root,
      env: { FRONTDESK_PORT: port },
      sub: 'alice',
      scopes: [],
      ttlSeconds: 300,
      dpop: true,
    });
    // With DPoP off the authorizer refuses the DPoP scheme; what matters is that nothing is cached for it.
    const url = `${fixture.server.url}/cached/a`;
    const proof = await createDpopProof(await loadOrCreateKey(fixture.root, DPOP_KEY), 'GET', url, token);
    await fetch(url, { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect([...(api?.authorizer.cache.keys() ?? [])]).toEqual([]);
  });
});
