import type { InvokeResult } from '../functions/function-instance.ts';
import { LIVE_ALIAS } from '../functions/local-function.ts';
import type { LocalApi } from '../workspace/local-app.ts';
import { authorize } from './authorize.ts';
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
  readonly fn: { invoke(qualifier: string, payload: string, requestId: string): { result: Promise<InvokeResult> } };
}

export interface RequestReport {
  readonly app?: string;
  readonly routeKey?: string;
  readonly error?: InvokeResult & { ok: false };
}

/**
 * The data path, one step per module: check path → match mapping → match route → authorize →
 * build event → invoke → map response. Every answer carries `apigw-requestid`, as HTTP APIs send it.
 */
export async function handleRequest(
  request: GatewayRequest,
  mappings: () => ReadonlyMap<string, ServedApp>,
  report: (outcome: RequestReport) => void = () => undefined,
): Promise<GatewayResponse> {
  const response = await route(request, mappings, report);
  return { ...response, headers: [...response.headers, ['apigw-requestid', request.requestId]] };
}

async function route(request: GatewayRequest, mappings: () => ReadonlyMap<string, ServedApp>, report: (outcome: RequestReport) => void): Promise<GatewayResponse> {
  const refused = checkPath(request);
  if (refused) return refused;
  const mapping = matchMapping(request.path, mappings());
  if (!mapping) return NOT_FOUND();
  const app = mapping.api;
  await app.reloading;
  const { api } = app;
  const route = matchRoute(api.routes, request.method, mapping.rawPath);
  if (!route) return NOT_FOUND();
  const matched = { request, api: api.description, rawPath: mapping.rawPath, ...route };
  let authorizerContext: unknown;
  if (api.protectedRoutes.has(route.routeKey)) {
    const outcome = await authorize(api.authorizer, matched);
    if (!outcome.allowed) return outcome.response;
    authorizerContext = outcome.context;
  }
  const event = buildEvent(matched, authorizerContext);
  const result = await app.fn.invoke(LIVE_ALIAS, JSON.stringify(event), request.requestId).result;
  if (!result.ok) {
    report({ app: app.name, routeKey: route.routeKey, error: result });
    return result.timedOut ? SERVICE_UNAVAILABLE() : INTERNAL_SERVER_ERROR();
  }
  return mapResponse(result.payload);
}
