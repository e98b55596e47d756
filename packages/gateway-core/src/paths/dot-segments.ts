/**
 * Paths that mean one thing to API Gateway's route matching and another to the app.
 *
 * API Gateway matches routes on the path as sent, segment by segment; it does not resolve dot
 * segments (AWS documents no normalisation for HTTP APIs — "Working with routes for HTTP APIs" is
 * silent — and the review behind issue 11 saw `/assets/../admin/report` reach `GET /assets/{proxy+}`).
 * Frameworks inside the function do resolve them: `hono/aws-lambda` builds a WHATWG `URL` from
 * `rawPath`, and WHATWG URL parsing removes `.`/`..` segments, including `%2e` in any case and
 * mix (`.%2E`, `%2e.`), and treats `\` as `/` in http(s) URLs (URL Standard, "path state").
 * RFC 3986 §5.2.4 lets any receiver do the same. So a path that carries a dot segment reaches a
 * route it does not literally match — a public greedy route hands the request to a protected one.
 *
 * The checks below are deliberately wider than WHATWG: a path is refused when any of its decoded
 * forms (percent-decoding repeated, so `%252e%252e` counts for apps that decode twice; Unicode
 * NFKC, so a fullwidth `．．` counts) has a `.` or `..` segment between `/` or `\` separators, or
 * `;`-parameters after the dots (`..;x`, which Servlet containers read as `..`).
 */

/** Why a path is refused; `undefined` when it is unambiguous. */
export type PathAmbiguity = 'dot-segment' | 'backslash';

/** How many rounds of percent-decoding are inspected (raw, then decoded once, twice, three times). */
const DECODING_ROUNDS = 3;
const PERCENT = /%[0-9A-Fa-f]{2}/;
const DOT_SEGMENT = /(^|[/\\])\.\.?(;[^/\\]*)?(?=[/\\]|$)/;
/** WHATWG URL parsing drops ASCII tab and newlines anywhere in the input before anything else. */
const STRIPPED = /[\t\n\r]/g;

/**
 * Whether `rawPath` (as sent, still percent-encoded) could resolve to a different path than the
 * one routes match: a dot segment in any encoding, or a raw backslash (a separator to WHATWG URL
 * parsers, not to API Gateway, and not valid in an RFC 3986 path).
 *
 * @example pathAmbiguity('/shop/assets/%2e%2E/admin/report') // 'dot-segment'
 * @example pathAmbiguity('/shop/assets/logo.v2.png') // undefined
 */
export function pathAmbiguity(rawPath: string): PathAmbiguity | undefined {
  if (hasDotSegment(rawPath)) return 'dot-segment';
  if (rawPath.includes('\\')) return 'backslash';
  return undefined;
}

/**
 * Whether `value` (a path, or a path parameter API Gateway already decoded once) has a `.` or `..`
 * segment in any of its decoded forms. Cheap for the common case: a value without a dot, `%` or a
 * non-ASCII character is answered without decoding.
 *
 * @example hasDotSegment('../../users/me') // true
 * @example hasDotSegment('reports/2026.pdf') // false
 */
export function hasDotSegment(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (!value.includes('.') && !value.includes('%') && /^[\x00-\x7f]*$/.test(value)) return false;
  let current = value;
  for (let round = 0; round <= DECODING_ROUNDS; round += 1) {
    const stripped = current.replace(STRIPPED, '');
    if (DOT_SEGMENT.test(stripped) || DOT_SEGMENT.test(stripped.normalize('NFKC'))) return true;
    if (!PERCENT.test(current)) return false;
    const decoded = percentDecode(current);
    if (decoded === current) return false;
    current = decoded;
  }
  return false;
}

/** Percent-decoding that never throws: valid UTF-8 runs decode, anything else stays as sent. */
function percentDecode(value: string): string {
  return value.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // A run that is not valid UTF-8 (e.g. an overlong `%c0%ae`): decode its ASCII bytes only.
      return run.replace(/%([0-7][0-9A-Fa-f])/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    }
  });
}
