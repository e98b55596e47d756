import { describe, expect, it } from 'vitest';
import { defineApp } from './define-app.ts';
import { authorizerIdentitySources, checkAuthorizerCaching } from './authorizer-caching.ts';
import { dpopModeFrom } from '../contract/dpop-mode.ts';

const withTtl = (cacheTtlSeconds: number) =>
  defineApp({
    name: 'orders',
    owner: 'team-orders',
    basePath: 'orders',
    routes: { 'GET /': { scopes: ['orders:read'] } },
    authorizer: { cacheTtlSeconds },
  });

describe('authorizer caching rules', () => {
  it('keys decisions by the Authorization header alone when nothing is cached', () => {
    expect(authorizerIdentitySources(0)).toEqual(['$request.header.Authorization']);
  });

  it('adds the route key once decisions are cached, so one route’s decision never serves another', () => {
    expect(authorizerIdentitySources(60)).toEqual(['$request.header.Authorization', '$context.routeKey']);
  });

  it('allows any TTL with DPoP off and TTL 0 in every mode', () => {
    expect(() => checkAuthorizerCaching(withTtl(300), 'off')).not.toThrow();
    for (const mode of ['off', 'optional', 'required'] as const) expect(() => checkAuthorizerCaching(withTtl(0), mode)).not.toThrow();
  });

  it('refuses a TTL above 0 while DPoP is on, explaining the conflict and both fixes', () => {
    expect(() => checkAuthorizerCaching(withTtl(1), 'required')).toThrow(
      /app "orders": authorizer.cacheTtlSeconds is 1 but the stage's DPoP mode is "required".*single-use DPoP proof.*set authorizer.cacheTtlSeconds to 0.*dpop: "off" in infra\/src\/stage-config.ts.*FRONTDESK_DPOP=off for pnpm dev/,
    );
  });
});

describe('dpopModeFrom', () => {
  it('defaults to optional, like the authorizer, and accepts the three modes', () => {
    expect(dpopModeFrom(undefined, 'FRONTDESK_DPOP')).toBe('optional');
    expect(dpopModeFrom('', 'FRONTDESK_DPOP')).toBe('optional');
    expect(dpopModeFrom('required', 'FRONTDESK_DPOP')).toBe('required');
  });

  it('names the source and the allowed values', () => {
    expect(() => dpopModeFrom('OFF', 'FRONTDESK_DPOP')).toThrow(
      'FRONTDESK_DPOP="OFF" is not a DPoP mode: use one of "off", "optional", "required"',
    );
  });
});
