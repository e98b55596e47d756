import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { routePolicyStageVariables, type AppManifest } from '@frontdesk/gateway-core';
import type { AuthorizerFunction } from '../gateway/authorize.ts';
import type { LocalApi } from '../gateway/local-api.ts';
import { compileRoutes } from '../gateway/match-route.ts';
import type { HandlerEntry } from '../functions/bundle.ts';
import type { FunctionConfig } from '../functions/function-types.ts';
import { ACCOUNT_ID } from '../functions/local-function.ts';

/** A stable, API-Gateway-shaped id (10 lower-case alphanumerics) per app. */
function apiIdFor(app: string): string {
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
function secretsFile(root: string, app: string): string {
  return join(root, '.frontdesk', 'secrets', `${app}.json`);
}

/**
 * An app's handler as the bundler takes it. Besides its sources (content-hashed by the bundle
 * cache), the bundle depends on the dependency versions the lockfile pins, the app's
 * package.json (its declared dependencies, `"type"`, `imports`) and its tsconfig.json (read by esbuild).
 */
export function handlerEntry(root: string, dir: string, manifest: AppManifest): HandlerEntry {
  return {
    name: manifest.name,
    entry: join(dir, manifest.handler),
    keyFiles: [join(root, 'pnpm-lock.yaml'), join(dir, 'package.json'), join(dir, 'tsconfig.json')],
  };
}

/** The settings a version of the app's function is published with: the manifest's, and Lambda's environment. */
export function functionConfig(
  manifest: AppManifest,
  local: { readonly root: string; readonly stage: string; readonly resources: Readonly<Record<string, string>> },
): FunctionConfig {
  return {
    memoryMb: manifest.function.memoryMb,
    timeoutSeconds: manifest.function.timeoutSeconds,
    environment: {
      // No X-Ray daemon runs locally: Powertools Tracer would log a missing segment per request.
      POWERTOOLS_TRACE_ENABLED: 'false',
      ...manifest.environment,
      FRONTDESK_APP: manifest.name,
      FRONTDESK_STAGE: local.stage,
      FRONTDESK_SECRETS_FILE: secretsFile(local.root, manifest.name),
      POWERTOOLS_SERVICE_NAME: manifest.name,
      ...local.resources,
    },
    description: manifest.description ?? '',
  };
}
