import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { FrontdeskError, LAMBDA_RUNTIME } from '@frontdesk/gateway-core/contract';
import type { InvokeResult } from '../functions/function-instance.ts';
import { FunctionNotFoundError, PreconditionFailedError } from '../functions/function-errors.ts';
import type { PublishedVersion } from '../functions/function-types.ts';
import { ACCOUNT_ID, REGION, type LocalFunction } from '../functions/local-function.ts';
import { hostProblem, type HostPolicy } from '../security/allowed-hosts.ts';
import { crossSiteProblem } from '../security/cross-site.ts';
import { contentTypeProblem, sigv4Problem, type AwsError } from './sigv4-shape.ts';

/**
 * The Lambda API on its own port, enough of it for `@aws-sdk/client-lambda` with `endpoint` set:
 * `Invoke` (RequestResponse, Event, DryRun; `LogType: Tail`), `GetAlias`, `UpdateAlias`, `ListVersionsByFunction`.
 * Function errors come back as Lambda sends them: status 200, `X-Amz-Function-Error: Unhandled`,
 * body `{errorType, errorMessage, trace}`.
 *
 * Anything on the machine can reach this port, browsers included, so before any operation: the
 * `Host` must be a loopback name (or one in FRONTDESK_ALLOWED_HOSTS), a browser request must not be
 * cross-site, and `Authorization` must have the SigV4 shape the SDK sends (see sigv4-shape.ts).
 */
export function createLambdaApiServer(functions: () => ReadonlyMap<string, LocalFunction>, hosts: HostPolicy): Server {
  return createServer((req, res) => {
    void serve(req, res, functions, hosts).catch((error: unknown) => sendError(res, 500, 'ServiceException', (error as Error).message));
  });
}

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const ALIAS = /^\/2015-03-31\/functions\/([^/]+)\/aliases\/([^/]+)$/;
const VERSIONS = /^\/2015-03-31\/functions\/([^/]+)\/versions$/;

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  functions: () => ReadonlyMap<string, LocalFunction>,
  hosts: HostPolicy,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://lambda.local');
  const body = await readBody(req);
  const refused = requestProblem(req, hosts);
  if (refused) return sendError(res, refused.status, refused.type, refused.message);
  let match: RegExpExecArray | null;
  try {
    if (req.method === 'POST' && (match = INVOKE.exec(url.pathname))) {
      const unsupported = contentTypeProblem(req.headers, body, 'invoke');
      if (unsupported) return sendError(res, unsupported.status, unsupported.type, unsupported.message);
      const { fn, qualifier } = lookup(functions(), match[1] as string, url.searchParams.get('Qualifier') ?? undefined);
      return await invoke(
        res,
        fn,
        qualifier,
        body,
        String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse'),
        String(req.headers['x-amz-log-type'] ?? 'None'),
      );
    }
    if ((match = ALIAS.exec(url.pathname)) && (req.method === 'GET' || req.method === 'PUT')) {
      const { fn } = lookup(functions(), match[1] as string, undefined);
      const aliasName = decodeURIComponent(match[2] as string);
      if (req.method === 'GET') return sendJson(res, 200, aliasBody(fn, aliasName));
      const unsupported = contentTypeProblem(req.headers, body, 'json');
      if (unsupported) return sendError(res, unsupported.status, unsupported.type, unsupported.message);
      const update = JSON.parse(body.toString('utf8') || '{}') as { FunctionVersion?: string; Description?: string; RevisionId?: string };
      fn.updateAlias(aliasName, {
        ...(update.FunctionVersion !== undefined ? { functionVersion: update.FunctionVersion } : {}),
        ...(update.Description !== undefined ? { description: update.Description } : {}),
        ...(update.RevisionId !== undefined ? { revisionId: update.RevisionId } : {}),
      });
      return sendJson(res, 200, aliasBody(fn, aliasName));
    }
    if (req.method === 'GET' && (match = VERSIONS.exec(url.pathname))) {
      const { fn } = lookup(functions(), match[1] as string, undefined);
      const latest = fn.latest;
      const all = latest
        ? [configuration(fn, latest, '$LATEST'), ...fn.versions.map((version) => configuration(fn, version, version.version))]
        : [];
      const start = Number(url.searchParams.get('Marker') ?? 0);
      const max = Number(url.searchParams.get('MaxItems') ?? 50);
      const page = all.slice(start, start + max);
      return sendJson(res, 200, { Versions: page, ...(start + max < all.length ? { NextMarker: String(start + max) } : {}) });
    }
    return sendError(res, 404, 'UnknownOperationException', `this local Lambda API does not implement ${req.method} ${url.pathname}`);
  } catch (error) {
    if (error instanceof FunctionNotFoundError) return sendError(res, 404, 'ResourceNotFoundException', error.message);
    if (error instanceof InvalidParameterError) return sendError(res, 400, 'InvalidParameterValueException', error.message);
    if (error instanceof PreconditionFailedError) return sendError(res, 412, 'PreconditionFailedException', error.message);
    if (error instanceof SyntaxError)
      return sendError(res, 400, 'InvalidRequestContentException', `Could not parse request body into json: ${error.message}`);
    throw error;
  }
}

/** Host, cross-site and signature-shape checks, before any operation runs. */
function requestProblem(req: IncomingMessage, hosts: HostPolicy): AwsError | undefined {
  const headers = { host: req.headers.host, origin: req.headers.origin, 'sec-fetch-site': header(req, 'sec-fetch-site') };
  const refused = hostProblem(req.headers.host, hosts) ?? crossSiteProblem(headers);
  if (refused) return { status: 403, type: 'AccessDeniedException', message: refused };
  return sigv4Problem(req.headers);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

async function invoke(
  res: ServerResponse,
  fn: LocalFunction,
  qualifier: string | undefined,
  payload: Buffer,
  invocationType: string,
  logType: string,
): Promise<void> {
  const text = payload.length === 0 ? '{}' : payload.toString('utf8');
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return sendError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json: Unexpected character');
  }
  const forged = forgedAuthorizerContext(event);
  if (forged) return sendError(res, 400, 'InvalidRequestContentException', forged);
  if (logType !== 'None' && logType !== 'Tail')
    return sendError(res, 400, 'InvalidParameterValueException', `X-Amz-Log-Type must be None or Tail (got "${logType}")`);
  const executed = fn.target(qualifier).label;
  if (invocationType === 'DryRun') return send(res, 204, { 'x-amz-executed-version': executed }, Buffer.alloc(0));
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event') {
    return sendError(
      res,
      400,
      'InvalidParameterValueException',
      `X-Amz-Invocation-Type must be RequestResponse, Event or DryRun (got "${invocationType}")`,
    );
  }
  const requestId = randomUUID();
  // LogType Tail applies to synchronous invocations only (Lambda API reference, Invoke).
  const tail = logType === 'Tail' && invocationType === 'RequestResponse';
  const { result } = fn.invoke(qualifier, text, requestId, { tail });
  if (invocationType === 'Event') {
    result.catch(() => undefined);
    return send(res, 202, { 'x-amzn-requestid': requestId }, Buffer.alloc(0));
  }
  const outcome = await result;
  // Above the reserved concurrency Lambda answers 429 TooManyRequestsException, Reason
  // ReservedFunctionConcurrentInvocationLimitExceeded (Lambda API reference, Invoke: Errors).
  if (!outcome.ok && outcome.throttled) {
    return send(
      res,
      429,
      { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException', 'x-amzn-requestid': requestId },
      Buffer.from(JSON.stringify({ Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' })),
    );
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amz-executed-version': executed,
    'x-amzn-requestid': requestId,
  };
  if (tail) headers['x-amz-log-result'] = logTail(executionLog(requestId, executed, fn.target(qualifier).version.config.memoryMb, outcome));
  if (outcome.ok) return send(res, 200, headers, Buffer.from(outcome.payload));
  return send(res, 200, { ...headers, 'x-amz-function-error': 'Unhandled' }, Buffer.from(JSON.stringify(outcome.error)));
}

/**
 * In AWS, a direct Invoke needs `lambda:InvokeFunction`, an IAM grant; locally nothing stands in
 * for it, so an event carrying `requestContext.authorizer` would let any local caller pose as any
 * user to a handler that trusts it. Only the gateway's authorizer sets it.
 */
function forgedAuthorizerContext(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const context = (event as { requestContext?: unknown }).requestContext;
  if (typeof context !== 'object' || context === null || !('authorizer' in context)) return undefined;
  return "requestContext.authorizer cannot be set through the local Lambda API: only the gateway's authorizer says who is calling. Send the request through the gateway with a token (pnpm -s call <METHOD> <url> --scope …), or invoke without requestContext.authorizer";
}

/**
 * The FunctionName forms Lambda documents — `name`, `name:qualifier`, the full ARN
 * `arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]` and the partial ARN
 * `<account>:function:<name>[:qualifier]` — plus a `Qualifier` parameter, which must agree with a
 * qualifier in the name. Another account or region is another function: not found here.
 */
function lookup(
  functions: ReadonlyMap<string, LocalFunction>,
  rawName: string,
  qualifier: string | undefined,
): { fn: LocalFunction; qualifier: string | undefined } {
  const decoded = decodeURIComponent(rawName);
  const match = FUNCTION_NAME.exec(decoded);
  const name = match?.groups?.name ?? decoded;
  const account = match?.groups?.account ?? ACCOUNT_ID;
  const region = match?.groups?.region ?? REGION;
  const fn = account === ACCOUNT_ID && region === REGION ? functions.get(name) : undefined;
  if (!fn)
    throw new FunctionNotFoundError(
      `Function not found: arn:aws:lambda:${region}:${account}:function:${name} (local functions live in account ${ACCOUNT_ID}, ${REGION})`,
    );
  const fromName = match?.groups?.qualifier;
  if (fromName !== undefined && qualifier !== undefined && fromName !== qualifier) {
    throw new InvalidParameterError(
      `The derived qualifier from the function name ("${fromName}") does not match the specified qualifier ("${qualifier}").`,
    );
  }
  return { fn, qualifier: qualifier ?? fromName };
}

const FUNCTION_NAME =
  /^(?:(?:arn:aws[a-z-]*:lambda:(?<region>[a-z0-9-]+):)?(?<account>\d{12}):function:)?(?<name>[A-Za-z0-9_-]+)(?::(?<qualifier>\$LATEST|[A-Za-z0-9_-]+))?$/;

/** The Lambda API answers it as `InvalidParameterValueException` (400). */
class InvalidParameterError extends FrontdeskError<'ERR_INVALID_PARAMETER'> {
  override readonly name = 'InvalidParameterError';
  constructor(message: string) {
    super('ERR_INVALID_PARAMETER', message);
  }
}

/** The execution log Lambda writes for one invocation: START, the function's output, END, REPORT. */
function executionLog(requestId: string, version: string, memoryMb: number, outcome: InvokeResult): string {
  const log = outcome.log;
  let output = log?.output ?? '';
  if (!outcome.ok && outcome.timedOut)
    output += `${new Date().toISOString()} ${requestId} Task timed out after ${outcome.error.errorMessage.replace(/^.*after /, '')}\n`;
  if (output !== '' && !output.endsWith('\n')) output += '\n';
  const durationMs = log?.durationMs ?? 0;
  // A cold start's REPORT line carries `Init Duration`, as Lambda's does.
  const init = outcome.worker?.initDurationMs === undefined ? '' : `Init Duration: ${outcome.worker.initDurationMs.toFixed(2)} ms\t`;
  const report = `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: ${log?.maxMemoryUsedMb ?? 0} MB\t${init}\n`;
  return `START RequestId: ${requestId} Version: ${version}\n${output}END RequestId: ${requestId}\n${report}`;
}

/** `X-Amz-Log-Result`: the last 4 KB of the execution log, base64-encoded (Lambda API reference, Invoke: LogResult). */
function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - 4096)).toString('base64');
}

function aliasBody(fn: LocalFunction, aliasName: string) {
  const alias = fn.getAlias(aliasName);
  return {
    AliasArn: `${fn.arn}:${alias.name}`,
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
  };
}

function configuration(fn: LocalFunction, version: PublishedVersion, label: string) {
  return {
    FunctionName: fn.name,
    FunctionArn: `${fn.arn}:${label}`,
    Runtime: LAMBDA_RUNTIME,
    Handler: 'index.handler',
    CodeSize: 0,
    CodeSha256: version.bundle.codeSha256,
    Description: version.config.description,
    Timeout: version.config.timeoutSeconds,
    MemorySize: version.config.memoryMb,
    LastModified: version.lastModified,
    Version: label,
    Environment: { Variables: { ...version.config.environment } },
    State: 'Active',
    PackageType: 'Zip',
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }, Buffer.from(JSON.stringify(body)));
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  send(
    res,
    status,
    { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() },
    Buffer.from(JSON.stringify({ Type: 'User', message })),
  );
}
