import { INTERNAL_SERVER_ERROR, type GatewayResponse } from './request.ts';

/**
 * Step 6 of the data path: turn what the function returned (its JSON payload) into the HTTP
 * response, with payload format 2.0 rules:
 * - valid JSON without `statusCode` → 200, `content-type: application/json`, the value as body
 *   (a returned string is the body itself);
 * - `{statusCode, headers, cookies, body, isBase64Encoded}` → that response, each cookie its own
 *   `set-cookie`, a base64 body decoded;
 * - anything malformed → 500 `{"message":"Internal Server Error"}`.
 */
export function mapResponse(payload: string): GatewayResponse {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return INTERNAL_SERVER_ERROR();
  }
  if (typeof value === 'string') return json(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('statusCode' in value)) {
    return json(payload);
  }
  return structured(value as Record<string, unknown>) ?? INTERNAL_SERVER_ERROR();
}

function json(body: string): GatewayResponse {
  return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
}

function structured(result: Record<string, unknown>): GatewayResponse | undefined {
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return undefined;
  if (!Array.isArray(cookies) || cookies.some((cookie) => typeof cookie !== 'string')) return undefined;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (typeof isBase64Encoded !== 'boolean') return undefined;
  const pairs: Array<readonly [string, string]> = [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    pairs.push([name.toLowerCase(), String(value)]);
  }
  for (const cookie of cookies as string[]) pairs.push(['set-cookie', cookie]);
  const text = typeof body === 'string' ? body : '';
  return { statusCode, headers: pairs, body: isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text) };
}
