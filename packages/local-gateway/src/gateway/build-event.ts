import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { GatewayRequest } from './request.ts';

/**
 * Step 4 of the data path: the payload format 2.0 event, field for field as API Gateway HTTP
 * APIs send it. Optional fields that would be empty are omitted, never `null`.
 */
export interface ApiDescription {
  readonly apiId: string;
  readonly accountId: string;
  readonly stage: string;
  readonly stageVariables: Readonly<Record<string, string>>;
}

export interface MatchedRequest {
  readonly request: GatewayRequest;
  readonly api: ApiDescription;
  /** The path after the mapping key, as sent. */
  readonly rawPath: string;
  readonly routeKey: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
}

/** Content types API Gateway passes as text; every other body arrives base64-encoded. */
const TEXT_CONTENT_TYPE = /^(text\/[^;]*|application\/(json|xml|javascript))\s*(;|$)/i;

const parsedHeaders = new WeakMap<readonly string[], { headers: Record<string, string>; cookies: string[] }>();

/**
 * Lower-cased headers, repeated values comma-joined; `cookie` goes to `cookies` instead.
 * Parsed once per request (the authorizer event and the app event share the result; callers copy before changing it).
 */
export function eventHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const known = parsedHeaders.get(rawHeaders);
  if (known) return known;
  const parsed = parseHeaders(rawHeaders);
  parsedHeaders.set(rawHeaders, parsed);
  return parsed;
}

function parseHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const value = rawHeaders[index + 1] as string;
    if (name === 'cookie') {
      for (const cookie of value.split(';')) if (cookie.trim() !== '') cookies.push(cookie.trim());
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

/** Decoded query parameters, repeated keys comma-joined. */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function requestContext(matched: MatchedRequest, headers: Record<string, string>) {
  const { request, api } = matched;
  const domainName = headers.host ?? '127.0.0.1';
  return {
    accountId: api.accountId,
    apiId: api.apiId,
    domainName,
    domainPrefix: domainName.split(':')[0]?.split('.')[0] ?? domainName,
    http: {
      method: request.method,
      path: request.path,
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: request.requestId,
    routeKey: matched.routeKey,
    stage: api.stage,
    time: requestTime(request.receivedAt),
    timeEpoch: request.receivedAt,
  };
}

/**
 * The fields the app's event and the authorizer's event share, copied from the parsed request
 * (each event is handed to code that may change it).
 */
function requestFields(matched: MatchedRequest, headers: Record<string, string>, cookies: readonly string[]) {
  const { request, api } = matched;
  const query = queryParameters(request.rawQueryString);
  return {
    routeKey: matched.routeKey,
    rawPath: matched.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
    headers: { ...headers },
    ...(query ? { queryStringParameters: query } : {}),
    ...(matched.pathParameters ? { pathParameters: { ...matched.pathParameters } } : {}),
    ...(Object.keys(api.stageVariables).length > 0 ? { stageVariables: { ...api.stageVariables } } : {}),
  };
}

/** The event the app's function receives. */
export function buildEvent(matched: MatchedRequest, authorizerContext?: unknown): APIGatewayProxyEventV2 {
  const { request } = matched;
  const { headers, cookies } = eventHeaders(request.rawHeaders);
  const context = requestContext(matched, headers);
  const hasBody = request.body.length > 0;
  const isText = TEXT_CONTENT_TYPE.test(headers['content-type'] ?? '');
  const event = {
    version: '2.0',
    ...requestFields(matched, headers, cookies),
    requestContext: authorizerContext === undefined ? context : { ...context, authorizer: { lambda: authorizerContext } },
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  };
  return event as APIGatewayProxyEventV2;
}

/** The payload 2.0 REQUEST event the Lambda authorizer receives: no body. */
export function buildAuthorizerEvent(matched: MatchedRequest, identitySource: readonly string[]): APIGatewayRequestAuthorizerEventV2 {
  const { api } = matched;
  const { headers, cookies } = eventHeaders(matched.request.rawHeaders);
  const [method, path] = matched.routeKey === '$default' ? ['*', '$default'] : matched.routeKey.split(' ');
  const event = {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:${api.accountId}:${api.apiId}/${api.stage}/${method}${path === '$default' ? '/$default' : path}`,
    identitySource: [...identitySource],
    ...requestFields(matched, headers, cookies),
    requestContext: requestContext(matched, headers),
  };
  return event as unknown as APIGatewayRequestAuthorizerEventV2;
}
