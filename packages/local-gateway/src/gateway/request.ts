/**
 * The request and response the pipeline speaks, free of Node's `http` objects: the HTTP edge
 * (`http-server.ts`) translates to and from them, so every step is testable on plain data.
 */
export interface GatewayRequest {
  /** Upper-case method. */
  readonly method: string;
  /** Path as sent, percent-encoded, without the query string. */
  readonly path: string;
  /** Query string as sent, without `?` (empty when none). */
  readonly rawQueryString: string;
  /** Header names and values in arrival order, names as sent: `[name, value, name, value, …]`. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  /** e.g. `HTTP/1.1` */
  readonly protocol: string;
  /** Milliseconds since the epoch when the request arrived. */
  readonly receivedAt: number;
  /** The API Gateway request id, also sent back as `apigw-requestid`. */
  readonly requestId: string;
}

export interface GatewayResponse {
  readonly statusCode: number;
  /** Header pairs; a name may repeat (`set-cookie`). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/** API Gateway's own error responses: a JSON `{"message": …}` body. */
export function messageResponse(statusCode: number, message: string): GatewayResponse {
  return {
    statusCode,
    headers: [['content-type', 'application/json']],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

export const BAD_REQUEST = (): GatewayResponse => messageResponse(400, 'Bad Request');
export const NOT_FOUND = (): GatewayResponse => messageResponse(404, 'Not Found');
export const UNAUTHORIZED = (): GatewayResponse => messageResponse(401, 'Unauthorized');
export const FORBIDDEN = (): GatewayResponse => messageResponse(403, 'Forbidden');
export const INTERNAL_SERVER_ERROR = (): GatewayResponse => messageResponse(500, 'Internal Server Error');
export const SERVICE_UNAVAILABLE = (): GatewayResponse => messageResponse(503, 'Service Unavailable');
export const REQUEST_TOO_LARGE = (): GatewayResponse => messageResponse(413, 'Request Entity Too Large');
export const HEADERS_TOO_LARGE = (): GatewayResponse => messageResponse(431, 'Request Header Fields Too Large');
