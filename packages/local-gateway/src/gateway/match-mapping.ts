/**
 * Step 1 of the data path: choose the API by API mapping key, as a custom domain does.
 * The longest key that is a whole-segment prefix of the path wins; the key is stripped and
 * the remainder (never empty: at least "/") is what routes match and what `rawPath` carries.
 *
 * Whether deployed HTTP APIs keep the key in `rawPath` is not documented for payload 2.0. The
 * evidence we weigh most: AWS's mapping pages say API Gateway "strips the incoming base path"
 * (rest-api-mappings; the HTTP API page is silent), Powertools' maintainers found nothing to strip
 * for HTTP API v2 events (aws-powertools/powertools-lambda-python#576), and serverless-express#465
 * reports the key absent from the path. Against it: Powertools' `strip_prefixes` docs and the yulin
 * simulator (KensioSoftware/yulin#1037) keep it. So `rawPath` here is the stripped remainder, and
 * `requestContext.http.path` the path as sent (build-event.ts). Nothing security-relevant depends on
 * this choice: the authorizer's `htu` and `withFrontdesk` read the shape from each event
 * (gateway-core `paths/mapping-key.ts`), and `pnpm verify` reports the shape a real stage uses.
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
