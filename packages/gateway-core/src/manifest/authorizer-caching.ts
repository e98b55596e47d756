import type { AppManifest } from './schema.ts';
import type { DpopMode } from '../contract/dpop-mode.ts';

export const AUTHORIZATION_HEADER_SOURCE = '$request.header.Authorization';
export const ROUTE_KEY_SOURCE = '$context.routeKey';

/**
 * The identity sources of an app's authorizer, safe for caching.
 *
 * API Gateway caches a decision under the identity-source values and shares it across every
 * route of the API. With a TTL above 0 the route key joins the cache key, so a token allowed on
 * `GET /` is never waved through `POST /` from the cache. Caching is refused while DPoP is on
 * (each proof is single-use; see {@link checkAuthorizerCaching}), so the `DPoP` header never
 * needs to be part of the key. Missing `Authorization` → API Gateway answers 401 itself.
 */
export function authorizerIdentitySources(cacheTtlSeconds: number): string[] {
  return cacheTtlSeconds > 0 ? [AUTHORIZATION_HEADER_SOURCE, ROUTE_KEY_SOURCE] : [AUTHORIZATION_HEADER_SOURCE];
}

/**
 * Refuses a cache TTL above 0 while DPoP is not `off`: a cached decision would let one proof
 * (bound to one request, single-use `jti`) authorize later requests without the replay check,
 * and a DPoP-bound token would work without any proof while the entry lives. `pnpm dev` applies
 * it when an app loads; `AppApi` at synth time when the shared layer is in the same CDK app, and
 * otherwise at deploy time through a CloudFormation rule on the stage's published mode.
 */
export function checkAuthorizerCaching(manifest: AppManifest, dpop: DpopMode): void {
  const ttl = manifest.authorizer.cacheTtlSeconds;
  if (ttl === 0 || dpop === 'off') return;
  throw new Error(
    `app "${manifest.name}": authorizer.cacheTtlSeconds is ${ttl} but the stage's DPoP mode is "${dpop}". ` +
      'API Gateway would reuse a decision made for one single-use DPoP proof on later requests, skipping the replay and htu/htm checks. ' +
      `Either set authorizer.cacheTtlSeconds to 0 in the app's app.config.ts, ` +
      'or run the stage with DPoP off (dpop: "off" in infra/src/stage-config.ts for a deployed stage, FRONTDESK_DPOP=off for pnpm dev).',
  );
}
