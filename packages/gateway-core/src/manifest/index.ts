export { defineApp, parseManifest, type DefinedApp } from './define-app.ts';
export { ManifestError, type ManifestProblem } from './errors.ts';
export {
  manifestSchema,
  isPublicRoute,
  DEFAULTS,
  LIMITS,
  type AppManifest,
  type AppManifestInput,
  type RouteAuth,
  type ScopedRoute,
  type PublicRoute,
  type PolicySuppression,
} from './schema.ts';
export { basePathProblem, basePathShadows, BASE_PATH_MAX_LENGTH } from './base-path.ts';
export {
  parseRouteKey,
  routeKeyProblem,
  HTTP_METHODS,
  DEFAULT_ROUTE_KEY,
  type HttpMethod,
  type RouteMethod,
  type ParsedRouteKey,
  type PathSegment,
} from './route-key.ts';
export { routeTable, type RouteEntry } from './routes.ts';
export {
  routePolicyStageVariables,
  routeRequirementFrom,
  routeStageVariableName,
  appNameFrom,
  basePathFrom,
  APP_STAGE_VARIABLE,
  BASE_PATH_STAGE_VARIABLE,
  type RouteRequirement,
} from './route-policy.ts';
export { authorizerIdentitySources, checkAuthorizerCaching, AUTHORIZATION_HEADER_SOURCE, ROUTE_KEY_SOURCE } from './authorizer-caching.ts';
export { OPERATIONS_DEFAULTS, type AlarmThresholds, type DeploymentSettings, type SecretDeclaration } from './operations.ts';
export {
  TABLE_ACCESS,
  TABLE_ACCESS_ACTIONS,
  tablePhysicalName,
  type TableAccess,
  type TableDeclaration,
  type TableDeclarationInput,
  type TableKey,
} from './tables.ts';
