/**
 * The one JSON access-log line every Frontdesk HTTP API writes (HTTP API `$context` variables).
 * All values are strings: API Gateway writes `-` for a value it does not have, which would break
 * unquoted JSON numbers. `basePath` tells apps apart in the shared log group; `sub`/`clientId`
 * come from the authorizer's context; the precise denial reason is in the authorizer's own audit log.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  requestTimeEpoch: '$context.requestTimeEpoch',
  apiId: '$context.apiId',
  stage: '$context.stage',
  domainName: '$context.domainName',
  basePath: '$context.customDomain.basePathMatched',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.sub',
  clientId: '$context.authorizer.clientId',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
} as const;

/** {@link ACCESS_LOG_FIELDS} as the single-line format string API Gateway takes. */
export const ACCESS_LOG_FORMAT = JSON.stringify(ACCESS_LOG_FIELDS);
