import { sha256 } from '../contract/sha256.ts';
// Type-only: a value import of schema.ts would pull zod (~450 KB) into the authorizer's Lambda bundle.
import type { AppManifest } from './schema.ts';

/**
 * Per-route scope requirements reach the shared authorizer as **stage variables of the app's
 * own HTTP API** (payload 2.0 authorizer events carry `stageVariables`). The app stack sets
 * them from its manifest, so changing an app's scopes redeploys only that app; the authorizer
 * reads them per request with no lookup, and denies when a route's entry is missing (fail closed).
 *
 * Stage variable names allow only `[A-Za-z0-9_]`, so each route key is named by a hash.
 */
export const APP_STAGE_VARIABLE = 'frontdesk_app';
/** The app's base path (mapping key): the authorizer needs it to rebuild the DPoP `htu`. */
export const BASE_PATH_STAGE_VARIABLE = 'frontdesk_base_path';
/** Stage variable values allow only these characters; other base paths travel base64url-encoded. */
const STAGE_VALUE_SAFE = /^[A-Za-z0-9\-._~:/?#&=,]*$/;
const BASE64_PREFIX = 'b64:';
const ROUTE_VARIABLE_PREFIX = 'frontdesk_route_';
const SCOPES_PREFIX = 'scopes:';

/** The requirement the authorizer enforces for one route. */
export type RouteRequirement = { readonly kind: 'scopes'; readonly scopes: readonly string[] };

/** The stage variable that carries `routeKey`'s requirement. */
export function routeStageVariableName(routeKey: string): string {
  return ROUTE_VARIABLE_PREFIX + sha256(routeKey, 'hex').slice(0, 24);
}

/** Stage variables an app's API carries: its name and one entry per protected route. */
export function routePolicyStageVariables(manifest: AppManifest): Record<string, string> {
  const variables: Record<string, string> = {
    [APP_STAGE_VARIABLE]: manifest.name,
    [BASE_PATH_STAGE_VARIABLE]: STAGE_VALUE_SAFE.test(manifest.basePath)
      ? manifest.basePath
      : BASE64_PREFIX + Buffer.from(manifest.basePath).toString('base64url'),
  };
  for (const [routeKey, route] of Object.entries(manifest.routes)) {
    if ('auth' in route) continue; // a public route (the schema's only `auth` value), as isPublicRoute says
    variables[routeStageVariableName(routeKey)] = SCOPES_PREFIX + route.scopes.join(',');
  }
  return variables;
}

/**
 * The requirement for `routeKey` read back from an API's stage variables, or `undefined` when
 * the API publishes none for it — which the authorizer must treat as a denial.
 */
export function routeRequirementFrom(
  stageVariables: Readonly<Record<string, string | undefined>> | undefined,
  routeKey: string,
): RouteRequirement | undefined {
  const value = stageVariables?.[routeStageVariableName(routeKey)];
  if (typeof value !== 'string' || !value.startsWith(SCOPES_PREFIX)) return undefined;
  const list = value.slice(SCOPES_PREFIX.length);
  return { kind: 'scopes', scopes: list === '' ? [] : list.split(',') };
}

/** The app name an API declares, if any. */
export function appNameFrom(stageVariables: Readonly<Record<string, string | undefined>> | undefined): string | undefined {
  return stageVariables?.[APP_STAGE_VARIABLE];
}

/** The base path an API declares, decoded, if any. */
export function basePathFrom(stageVariables: Readonly<Record<string, string | undefined>> | undefined): string | undefined {
  const value = stageVariables?.[BASE_PATH_STAGE_VARIABLE];
  if (value === undefined) return undefined;
  return value.startsWith(BASE64_PREFIX) ? Buffer.from(value.slice(BASE64_PREFIX.length), 'base64url').toString('utf8') : value;
}
