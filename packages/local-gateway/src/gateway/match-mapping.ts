/**
 * Step 1 of the data path: choose the API by API mapping key, as a custom domain does.
 * The longest key that is a whole-segment prefix of the path wins; the key is stripped and
 * the remainder (never empty: at least "/") is what routes match and what `rawPath` carries.
 */
export interface MappingMatch<Api> {
  readonly api: Api;
  /** The matched mapping key, e.g. `orders/v2`. */
  readonly key: string;
  /** The path after the key, as sent (still percent-encoded), e.g. `/items/42`. */
  readonly rawPath: string;
}

/**
 * @param rawPath the request path as sent, e.g. `/orders/v2/items/42`
 * @param mappings mapping key → API
 * @example matchMapping('/orders/v2/x', new Map([['orders', a], ['orders/v2', b]])) // { api: b, key: 'orders/v2', rawPath: '/x' }
 */
export function matchMapping<Api>(rawPath: string, mappings: ReadonlyMap<string, Api>): MappingMatch<Api> | undefined {
  let best: MappingMatch<Api> | undefined;
  for (const [key, api] of mappings) {
    const prefix = `/${key}`;
    if (rawPath !== prefix && !rawPath.startsWith(`${prefix}/`)) continue;
    if (best && best.key.length >= key.length) continue;
    best = { api, key, rawPath: rawPath.slice(prefix.length) || '/' };
  }
  return best;
}
