/**
 * API Gateway API mapping keys (the base path an app is served under on the shared domain).
 * Multi-level keys such as `orders/v2` are allowed; characters are letters, digits and
 * `$-_.+!*'()/`; at most 300 characters; no leading, trailing or doubled `/`.
 */
export const BASE_PATH_MAX_LENGTH = 300;
const BASE_PATH_CHARACTERS = /^[A-Za-z0-9$\-_.+!*'()/]+$/;

/** Why a base path is not a valid API mapping key, or `undefined` when it is. */
export function basePathProblem(basePath: string): string | undefined {
  if (basePath.length === 0) return 'must not be empty (the empty mapping key is reserved for the root gateway)';
  if (basePath.length > BASE_PATH_MAX_LENGTH) return `must be at most ${BASE_PATH_MAX_LENGTH} characters (got ${basePath.length})`;
  if (!BASE_PATH_CHARACTERS.test(basePath)) {
    return `"${basePath}" may only contain letters, digits and $-_.+!*'()/ (API Gateway mapping key rules)`;
  }
  if (basePath.startsWith('/') || basePath.endsWith('/')) return `"${basePath}" must not start or end with "/"; write e.g. "orders/v2"`;
  if (basePath.includes('//')) return `"${basePath}" must not contain an empty level ("//")`;
  return undefined;
}

/** True when requests under `outer` whose path continues into `inner` are taken by `inner` instead. */
export function basePathShadows(inner: string, outer: string): boolean {
  return inner !== outer && inner.startsWith(`${outer}/`);
}
