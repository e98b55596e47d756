import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HEADERS_TOO_LARGE, REQUEST_TOO_LARGE, type GatewayRequest, type GatewayResponse } from './request.ts';

/** HTTP API quotas: 10 MB payload; 10240 bytes of request line and headers. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const MAX_HEADER_BYTES = 10_240;

export type RequestHandler = (request: GatewayRequest) => Promise<GatewayResponse>;

/** Takes a request off the data path (the dev console: its own pages and a long-lived event stream); true when it did. */
export type Intercept = (req: IncomingMessage, res: ServerResponse) => boolean;

let pool = Buffer.alloc(0);
let poolOffset = 0;

/** HTTP API request ids look like `JKJaXmPLvHcESHA=`; random bytes are drawn in batches (one syscall per 400 ids). */
function newRequestId(): string {
  if (poolOffset + 10 > pool.length) {
    pool = randomBytes(4000);
    poolOffset = 0;
  }
  poolOffset += 10;
  return pool.toString('base64', poolOffset - 10, poolOffset);
}

/**
 * The HTTP edge, step 0: Node's request in, `GatewayRequest` out; `GatewayResponse` back onto
 * the socket. Enforces the HTTP API size quotas before anything else runs.
 */
/** A request refused at the edge for a quota (413, 431): it never became a `GatewayRequest`. */
export interface RejectedRequest {
  readonly statusCode: number;
  readonly method: string;
  readonly path: string;
  readonly requestId: string;
  readonly reason: string;
}

export function createGatewayServer(
  handle: RequestHandler,
  intercept?: Intercept,
  onRejected: (rejected: RejectedRequest) => void = () => undefined,
): Server {
  // Node's own limit sits above the quota so the quota answers with API Gateway's JSON body.
  const server = createServer({ maxHeaderSize: 64 * 1024, keepAliveTimeout: 65_000 }, (req, res) => {
    if (intercept?.(req, res)) return;
    void serve(req, res, handle, onRejected);
  });
  return server;
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handle: RequestHandler,
  onRejected: (rejected: RejectedRequest) => void,
): Promise<void> {
  const receivedAt = Date.now();
  const requestId = newRequestId();
  const url = req.url ?? '/';
  const reject = (response: GatewayResponse, reason: string) => {
    onRejected({ statusCode: response.statusCode, method: req.method ?? 'GET', path: url.split('?')[0] ?? url, requestId, reason });
    send(res, withId(response, requestId), true);
  };
  const headers = headerBytes(req);
  if (headers > MAX_HEADER_BYTES)
    return reject(HEADERS_TOO_LARGE(), `request line and headers are ${headers} bytes; HTTP APIs allow ${MAX_HEADER_BYTES}`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_PAYLOAD_BYTES)
    return reject(REQUEST_TOO_LARGE(), `content-length ${declared} is above the ${MAX_PAYLOAD_BYTES}-byte (10 MB) payload quota`);
  let body: Buffer;
  if (hasBody(req)) {
    const read = await readBody(req);
    if (read === undefined) return; // client went away
    if (read === TOO_LARGE) return reject(REQUEST_TOO_LARGE(), `the body passed the ${MAX_PAYLOAD_BYTES}-byte (10 MB) payload quota`);
    body = read;
  } else {
    // No Content-Length and no Transfer-Encoding: no body (RFC 9112 section 6.3); Node discards the empty rest.
    body = EMPTY;
  }
  const queryAt = url.indexOf('?');
  const request: GatewayRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: queryAt === -1 ? url : url.slice(0, queryAt),
    rawQueryString: queryAt === -1 ? '' : url.slice(queryAt + 1),
    rawHeaders: req.rawHeaders,
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    protocol: `HTTP/${req.httpVersion}`,
    receivedAt,
    requestId,
  };
  let response: GatewayResponse;
  try {
    response = await handle(request);
  } catch (error) {
    console.error('frontdesk: gateway failure', error);
    response = withId(
      { statusCode: 500, headers: [['content-type', 'application/json']], body: Buffer.from('{"message":"Internal Server Error"}') },
      requestId,
    );
  }
  send(res, response, false);
}

const EMPTY = Buffer.alloc(0);
const TOO_LARGE = Symbol('too large');

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The body, `TOO_LARGE` past the payload quota, or undefined when the client went away first. */
function readBody(req: IncomingMessage): Promise<Buffer | typeof TOO_LARGE | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | typeof TOO_LARGE | undefined) => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) return done(TOO_LARGE);
      chunks.push(chunk);
    };
    const onEnd = () => done(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    const onGone = () => done(undefined);
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

function withId(response: GatewayResponse, requestId: string): GatewayResponse {
  return { ...response, headers: [...response.headers, ['apigw-requestid', requestId]] };
}

/** Request line plus header lines, as counted on the wire. */
function headerBytes(req: IncomingMessage): number {
  let bytes = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`.length;
  for (let index = 0; index < req.rawHeaders.length; index += 2) {
    bytes += Buffer.byteLength(req.rawHeaders[index] as string) + 2 + Buffer.byteLength(req.rawHeaders[index + 1] as string) + 2;
  }
  return bytes;
}

function send(res: ServerResponse, response: GatewayResponse, close: boolean): void {
  // A flat [name, value, …] list: a repeated name (set-cookie) stays one line per value.
  const headers: string[] = [];
  for (const [name, value] of response.headers) {
    if (name === 'content-length' || (close && name === 'connection')) continue;
    headers.push(name, value);
  }
  headers.push('content-length', String(response.body.length));
  if (close) headers.push('connection', 'close');
  res.writeHead(response.statusCode, headers);
  res.end(response.body);
}
