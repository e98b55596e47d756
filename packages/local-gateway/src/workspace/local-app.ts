import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { routePolicyStageVariables, type AppManifest } from '@frontdesk/gateway-core';
import type { AuthorizerFunction } from '../gateway/authorize.ts';
import type { LocalApi } from '../gateway/local-api.ts';
import { compileRoutes } from '../gateway/match-route.ts';
import { ACCOUNT_ID } from '../functions/local-function.ts';

/** A stable, API-Gateway-shaped id (10 lower-case alphanumerics) per app. */
export function apiIdFor(app: string): string {
  const digest = createHash('sha256').update(app).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(digest.subarray(0, 10), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Builds the app's API as AppApi deploys it: `$default` stage carrying the route-policy stage variables. */
export function buildLocalApi(manifest: AppManifest, authorize: AuthorizerFunction, previous?: LocalApi): LocalApi {
  const cacheTtlSeconds = manifest.authorizer.cacheTtlSeconds;
  const sameCache =
    previous &&
    previous.authorizer.cacheTtlSeconds === cacheTtlSeconds &&
    JSON.stringify(previous.manifest.routes) === JSON.stringify(manifest.routes);
  return {
    manifest,
    routes: compileRoutes(Object.keys(manifest.routes)),
    description: {
      apiId: apiIdFor(manifest.name),
      accountId: ACCOUNT_ID,
      stage: '$default',
      stageVariables: routePolicyStageVariables(manifest),
    },
    authorizer: { authorize, cacheTtlSeconds, cache: sameCache ? previous.authorizer.cache : new Map() },
    protectedRoutes: new Set(
      Object.entries(manifest.routes)
        .filter(([, route]) => !('auth' in route))
        .map(([key]) => key),
    ),
  };
}

/** Where an app's local secrets live (git-ignored), read by the runtime secrets helper. */
export function secretsFile(root: string, app: string): string {
  return join(root, '.frontdesk', 'secrets', `${app}.json`);
}
