import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyPair } from '../idp/keys.ts';
import type { DevApp } from '../workspace/dev-workspace.ts';
import { appsView } from './apps-view.ts';
import { curlCommand } from './curl-command.ts';
import { EventStream } from './event-stream.ts';
import { consoleRefusal } from './console-guard.ts';
import type { HostPolicy } from '../security/allowed-hosts.ts';
import { MintRequestError, mintToken, parseMintRequest, type MintDeps } from './mint-token.ts';
import { clip } from './record-request.ts';
import { requestDetail } from './request-detail.ts';
import type { RequestLog } from './request-log.ts';
import { loadStaticAssets, PAGE_SECURITY_HEADERS } from './static-assets.ts';

/** Where the console lives on the gateway port: under `/_frontdesk/`, the prefix the dev IdP reserves too. */
export const CONSOLE_PREFIX = '/_frontdesk/console';

/** What the page shows in its header and token panel. */
interface ConsoleInfo {
  readonly stage: string;
  readonly gatewayUrl: string;
  /** The origin DPoP proofs are checked against (FRONTDESK_PUBLIC_URL). */
  readonly publicUrl: string;
  readonly issuer: string;
  readonly devIdpIssuer: string;
  readonly audience: string;
}

export interface ConsoleServerOptions {
  readonly log: RequestLog;
  readonly apps: () => Iterable<DevApp>;
  /** The `Host` names every local server answers (loopback, FRONTDESK_ALLOWED_HOSTS). */
  readonly hosts: HostPolicy;
  readonly info: ConsoleInfo;
  readonly signingKey: KeyPair;
  readonly dpopKey: () => Promise<KeyPair>;
}

export interface ConsoleServer {
  /** Serves a request under {@link CONSOLE_PREFIX}. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  readonly events: EventStream;
  close(): void;
}

const MAX_BODY_BYTES = 64 * 1024;

/** The dev console: the page, its JSON API and its event stream, behind the loopback guard. */
export function createConsoleServer(options: ConsoleServerOptions): ConsoleServer {
  const assets = loadStaticAssets();
  const apps = () => appsView(options.apps());
  const events = new EventStream({ log: options.log, apps });
  const mintDeps: MintDeps = {
    signingKey: options.signingKey,
    issuer: options.info.devIdpIssuer,
    audience: options.info.audience,
    dpopKey: options.dpopKey,
  };
  const hello = { ...options.info, devIdpTrusted: options.info.issuer === options.info.devIdpIssuer };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://console');
    const path = url.pathname.slice(CONSOLE_PREFIX.length);
    const refusal = consoleRefusal(method, req.headers, options.hosts);
    if (refusal !== undefined) return json(res, 403, { message: refusal });

    const asset = assets.get(path);
    if (asset && method === 'GET') {
      res.writeHead(200, {
        'content-type': asset.contentType,
        'content-length': asset.body.length,
        'cache-control': 'no-cache',
        ...PAGE_SECURITY_HEADERS,
      });
      res.end(asset.body);
      return;
    }
    if (method === 'GET' && path === '/api/events') return events.open(req, res, hello);
    if (method === 'GET' && path === '/api/info') return json(res, 200, hello);
    if (method === 'GET' && path === '/api/apps') return json(res, 200, apps());
    if (method === 'GET' && path === '/api/requests') {
      const after = Number(url.searchParams.get('after') ?? 0);
      return json(res, 200, options.log.summaries(Number.isFinite(after) ? after : 0));
    }
    const detail = /^\/api\/requests\/([^/]+)(\/curl)?$/.exec(path);
    if (detail) {
      const record = options.log.get(decodeURIComponent(detail[1] as string));
      if (!record)
        return json(res, 404, {
          message: 'no such request in the console (it may have been dropped: the console keeps the latest requests only)',
        });
      if (detail[2] === undefined && method === 'GET') return json(res, 200, requestDetail(record));
      if (detail[2] !== undefined && method === 'POST') {
        const curl = await curlCommand(
          {
            method: record.summary.method,
            url: `${options.info.gatewayUrl}${record.summary.path}`,
            rawHeaders: record.requestHeaders,
            body: record.requestBody,
          },
          { dpopKey: options.dpopKey, publicOrigin: options.info.publicUrl },
        );
        return json(res, 200, { curl });
      }
    }
    if (method === 'POST' && path === '/api/token') {
      const minted = await mintToken(mintDeps, parseMintRequest(await readJson(req)));
      return json(res, 200, minted);
    }
    if (method === 'POST' && path === '/api/curl') return json(res, 200, { curl: await curlForToken(await readJson(req)) });
    return json(res, 404, { message: `the console serves ${CONSOLE_PREFIX}/ and its /api/…; nothing at ${url.pathname}` });
  }

  /** The token panel's "copy as curl": a request to a gateway path with a minted token. */
  async function curlForToken(body: unknown): Promise<string> {
    const { method = 'GET', path, token, tokenType = 'Bearer', data } = (body ?? {}) as Record<string, unknown>;
    if (typeof method !== 'string' || !/^[A-Z]+$/.test(method)) throw new MintRequestError('method: an upper-case HTTP method');
    if (typeof path !== 'string' || !path.startsWith('/') || /[\s\x00-\x1f]/.test(path))
      throw new MintRequestError('path: a path on the gateway starting with "/"');
    if (typeof token !== 'string' || !/^[\w.~+/=-]+$/.test(token)) throw new MintRequestError('token: the access token');
    if (tokenType !== 'Bearer' && tokenType !== 'DPoP') throw new MintRequestError('tokenType: "Bearer" or "DPoP"');
    if (data !== undefined && typeof data !== 'string') throw new MintRequestError('data: the request body, a string');
    const rawHeaders = [
      'authorization',
      `${tokenType} ${token}`,
      ...(tokenType === 'DPoP' ? ['dpop', '(signed below)'] : []),
      ...(data ? ['content-type', 'application/json'] : []),
    ];
    return curlCommand(
      { method, url: `${options.info.gatewayUrl}${path}`, rawHeaders, ...(data ? { body: clip(data) } : {}) },
      { dpopKey: options.dpopKey, publicOrigin: options.info.publicUrl },
    );
  }

  return {
    events,
    handle(req, res) {
      route(req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.end();
        if (error instanceof MintRequestError || error instanceof SyntaxError) return json(res, 400, { message: error.message });
        json(res, 500, { message: `console failure: ${(error as Error).message}` });
      });
    },
    close: () => events.close(),
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new MintRequestError(`the request body is over ${MAX_BODY_BYTES / 1024} KiB`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new MintRequestError('the request body is not JSON');
  }
}

function json(res: ServerResponse, statusCode: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(statusCode, {
    'content-type': 'application/json',
    'content-length': text.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}
