import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One function as the test server keeps it: published versions and the `live` alias. */
export interface TestFunction {
  versions: string[];
  live: { version: string; weights?: Record<string, number>; revisionId: string };
}

export interface LambdaApiTestServer {
  readonly endpoint: string;
  readonly functions: Map<string, TestFunction>;
  /** Every request, for asserting what the SDK sent. */
  readonly requests: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
}

const ALIAS = /^\/2015-03-31\/functions\/([^/]+)\/aliases\/([^/]+)$/;
const VERSIONS = /^\/2015-03-31\/functions\/([^/]+)\/versions$/;

/**
 * The three Lambda REST operations a rollback uses — GetAlias, ListVersionsByFunction (paged by
 * two, to exercise the SDK paginator) and UpdateAlias with RevisionId preconditions — speaking
 * the wire format of the Lambda API (`X-Amzn-ErrorType` errors), on 127.0.0.1 port 0.
 */
export async function startLambdaApiTestServer(functions: Record<string, TestFunction>): Promise<LambdaApiTestServer> {
  const state = new Map(Object.entries(functions));
  const requests: LambdaApiTestServer['requests'] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, body });
      handle(req, res, url, body, state);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    functions: state,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Record<string, unknown> | undefined,
  state: Map<string, TestFunction>,
): void {
  let match: RegExpExecArray | null;
  if ((match = ALIAS.exec(url.pathname))) {
    const name = decodeURIComponent(match[1]!);
    const fn = state.get(name);
    if (!fn || decodeURIComponent(match[2]!) !== 'live')
      return error(
        res,
        404,
        'ResourceNotFoundException',
        `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}:${match[2]}`,
      );
    if (req.method === 'PUT') {
      if (body?.RevisionId !== undefined && body.RevisionId !== fn.live.revisionId) {
        return error(res, 412, 'PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id.');
      }
      const version = String(body?.FunctionVersion ?? fn.live.version);
      if (!fn.versions.includes(version)) return error(res, 404, 'ResourceNotFoundException', `Function not found: ${name}:${version}`);
      const routing = body?.RoutingConfig as { AdditionalVersionWeights?: Record<string, number> } | undefined;
      fn.live = { version, weights: routing ? (routing.AdditionalVersionWeights ?? {}) : fn.live.weights, revisionId: randomUUID() };
    }
    return json(res, 200, {
      AliasArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}:live`,
      Name: 'live',
      FunctionVersion: fn.live.version,
      RevisionId: fn.live.revisionId,
      ...(fn.live.weights && Object.keys(fn.live.weights).length > 0
        ? { RoutingConfig: { AdditionalVersionWeights: fn.live.weights } }
        : {}),
    });
  }
  if (req.method === 'GET' && (match = VERSIONS.exec(url.pathname))) {
    const name = decodeURIComponent(match[1]!);
    const fn = state.get(name);
    if (!fn)
      return error(res, 404, 'ResourceNotFoundException', `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}`);
    const all = ['$LATEST', ...fn.versions];
    const start = Number(url.searchParams.get('Marker') ?? 0);
    const page = all.slice(start, start + 2);
    return json(res, 200, {
      Versions: page.map((version) => ({ FunctionName: name, Version: version })),
      ...(start + 2 < all.length ? { NextMarker: String(start + 2) } : {}),
    });
  }
  error(res, 404, 'UnknownOperationException', `not implemented: ${req.method} ${url.pathname}`);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify({ Type: 'User', Message: message }));
}
