import type { InvokeResult } from '../functions/function-instance.ts';
import { LIVE_ALIAS } from '@frontdesk/gateway-core/contract';
import type { LocalApi } from './local-api.ts';
import { authorize, type AuthorizeOutcome } from './authorize.ts';
import { buildEvent } from './build-event.ts';
import { checkPath } from './check-path.ts';
import { mapResponse } from './map-response.ts';
import { matchMapping } from './match-mapping.ts';
import { matchRoute } from './match-route.ts';
import { INTERNAL_SERVER_ERROR, NOT_FOUND, SERVICE_UNAVAILABLE, type GatewayRequest, type GatewayResponse } from './request.ts';

/** An app as the pipeline sees it: its API and a way to invoke its `live` function. */
export interface ServedApp {
  readonly name: string;
  readonly api: LocalApi;
  /** Settles when a reload in progress is done. */
  readonly reloading: Promise<void>;
  /** The app's function; the API's integration targets its `live` alias. */
  readonly fn: { invoke(qualifier: string, payload: string, requestId: string): { version?: string; result: Promise<InvokeResult> } };
}

/** What happened to one request, step by step: the dev console's record and the error printer read it. */
export interface RequestReport {
  readonly request: GatewayRequest;
  /** The answer as sent (with `apigw-requestid`). */
  readonly response: GatewayResponse;
  /** Milliseconds from routing to the answer (the body was already read). */
  readonly durationMs: number;
  readonly app?: string;
  readonly routeKey?: string;
  /** Absent when no authorizer ran: no route, or a public one. */
  readonly authorization?: AuthorizeOutcome;
  /** The payload 2.0 event the function received, as sent to it. */
  readonly event?: string;
  /** The function version `live` named when invoked. */
  readonly version?: string;
  /** What the function returned, or its error. */
  readonly result?: InvokeResult;
}

type Trace = { -readonly [K in Exclude<keyof RequestReport, 'request' | 'response' | 'durationMs'>]?: RequestReport[K] };

/**
 * The data path, one step per module: check path → match mapping → match route → authorize →
 * build event → invoke → map response. Every answer carries `apigw-requestid`, as HTTP APIs send it.
 */
export async function handleRequest(
  request: GatewayRequest,
  mappings: () => ReadonlyMap<string, ServedApp>,
  report: (outcome: RequestReport) => void = () => undefined,
): Promise<GatewayResponse> {
  const started = performance.now();
  const trace: Trace = {};
  const routed = await route(request, mappings, trace);
  const response: GatewayResponse = { ...routed, headers: [...routed.headers, ['apigw-requestid', request.requestId]] };
  report({ ...trace, request, response, durationMs: performance.now() - started });
  return response;
}

async function route(request: GatewayRequest, mappings: () => ReadonlyMap<string, ServedApp>, trace: Trace): Promise<GatewayResponse> {
  const refused = checkPath(request);
  if (refused) return refused;
  const mapping = matchMapping(request.path, mappings());
  if (!mapping) return NOT_FOUND();
  const app = mapping.api;
  trace.app = app.name;
  await app.reloading;
  const { api } = app;
  const route = matchRoute(api.routes, request.method, mapping.rawPath);
  if (!route) return NOT_FOUND();
  trace.routeKey = route.routeKey;
  const matched = { request, api: api.description, rawPath: mapping.rawPath, ...route };
  let authorizerContext: unknown;
  if (api.protectedRoutes.has(route.routeKey)) {
    const outcome = await authorize(api.authorizer, matched);
    trace.authorization = outcome;
    if (!outcome.allowed) return outcome.response;
    authorizerContext = outcome.context;
  }
  const event = JSON.stringify(buildEvent(matched, authorizerContext));
  trace.event = event;
  const invocation = app.fn.invoke(LIVE_ALIAS, event, request.requestId);
  trace.version = invocation.version;
  const result = await invocation.result;
  trace.result = result;
  // A throttled invocation (reserved concurrency) is a 500 too: API Gateway does not pass Lambda's
  // 429 on (re:Post QUfI6bsdd0SOiPeyimzxSkfQ, for REST APIs; HTTP APIs document nothing, and 500 is
  // their answer to every other integration failure).
  if (!result.ok) return result.timedOut ? SERVICE_UNAVAILABLE() : INTERNAL_SERVER_ERROR();
  return mapResponse(result.payload);
}
