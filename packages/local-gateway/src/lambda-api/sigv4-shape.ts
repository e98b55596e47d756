import type { IncomingHttpHeaders } from 'node:http';

/** An error the Lambda API answers in AWS's shape (`x-amzn-errortype` + `{Type, message}`). */
export interface AwsError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

const AMZ_DATE = /^(\d{8})T\d{6}Z$/;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Requires what `@aws-sdk/client-lambda` sends on every call: `Authorization` in Signature
 * Version 4 form for the `lambda` service (credential scope `<key>/<yyyymmdd>/<region>/lambda/aws4_request`,
 * `SignedHeaders` including `host` and `x-amz-date`, a 64-hex `Signature`) and an `X-Amz-Date`
 * on the credential's day. The signature itself is not verified — there is no secret to verify it
 * with locally — but a browser cannot send `Authorization` cross-origin without a CORS preflight,
 * which this server never grants, so the shape alone keeps web pages out.
 * Errors as AWS names them: `MissingAuthenticationTokenException`, `IncompleteSignatureException` (403).
 */
export function sigv4Problem(headers: IncomingHttpHeaders): AwsError | undefined {
  const authorization = headers.authorization;
  if (authorization === undefined || authorization.trim() === '') {
    return {
      status: 403,
      type: 'MissingAuthenticationTokenException',
      message:
        'Missing Authentication Token: sign requests with AWS Signature Version 4 (any @aws-sdk client does; credentials can be any values locally)',
    };
  }
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) {
    return {
      status: 403,
      type: 'IncompleteSignatureException',
      message:
        'Authorization must be "AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/lambda/aws4_request, SignedHeaders=<…>, Signature=<64 hex>"',
    };
  }
  const [, , day, , service, signedHeaders] = match;
  if (service !== 'lambda')
    return {
      status: 403,
      type: 'IncompleteSignatureException',
      message: `Credential should be scoped to the service "lambda", not "${service}"`,
    };
  const signed = (signedHeaders as string).split(';');
  if (!signed.includes('host') || !signed.includes('x-amz-date')) {
    return { status: 403, type: 'IncompleteSignatureException', message: 'SignedHeaders must include host and x-amz-date' };
  }
  const amzDate = AMZ_DATE.exec(String(headers['x-amz-date'] ?? ''));
  if (!amzDate) return { status: 403, type: 'IncompleteSignatureException', message: 'X-Amz-Date must be present as yyyymmddThhmmssZ' };
  if (amzDate[1] !== day)
    return { status: 403, type: 'IncompleteSignatureException', message: `Credential date ${day} does not match X-Amz-Date ${amzDate[1]}` };
  return undefined;
}

/**
 * Content types the Lambda API takes. Invoke's payload is a blob the SDK sends as
 * `application/octet-stream`; Lambda documents `UnsupportedMediaTypeException` (415, "the content
 * type of the Invoke request body is not JSON") without listing what it accepts, so JSON and
 * octet-stream are accepted and the three types a browser may send without a preflight
 * (`text/plain`, form encodings) are not. Requests with a JSON body (UpdateAlias) must say JSON.
 */
export function contentTypeProblem(headers: IncomingHttpHeaders, body: Buffer, kind: 'invoke' | 'json'): AwsError | undefined {
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0 && type === '') return undefined;
  const json = type === 'application/json' || /^application\/x-amz-json-1\.[01]$/.test(type);
  if (json || (kind === 'invoke' && (type === 'application/octet-stream' || type === ''))) return undefined;
  return {
    status: 415,
    type: 'UnsupportedMediaTypeException',
    message: `Content-Type "${type || '(none)'}" is not supported here; send ${kind === 'invoke' ? 'application/json or application/octet-stream' : 'application/json'}`,
  };
}
