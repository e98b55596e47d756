/**
 * Reads the JSON the authorizer's own benchmark (`packages/gateway-core/bench/authorizer.ts`)
 * prints, without repeating its measurements. The preferred shape is explicit:
 *
 * { "bundleBytes": 41234, "initMs": 12.5,
 *   "bearer": { "decisionsPerSecond": 9000, "joseDecisionsPerSecond": 10000 },
 *   "dpop":   { "decisionsPerSecond": 4000, "joseDecisionsPerSecond": 4500 } }
 *
 * Other spellings are recognised by their key paths (bundle…bytes/kb, init/cold…ms,
 * bearer/dpop/jose…per second), so a renamed field does not silently drop a figure: a figure
 * that cannot be found is reported missing by name.
 */
export interface AuthorizerFigures {
  readonly bundleKB?: number;
  readonly initMs?: number;
  readonly bearer?: number;
  readonly bearerJose?: number;
  readonly dpop?: number;
  readonly dpopJose?: number;
}

export function readAuthorizerJson(json: unknown): AuthorizerFigures {
  const entries = flatten(json);
  const find = (test: (path: string) => boolean) => entries.find(([path]) => test(path))?.[1];
  const rate = /(per_?s(ec(ond)?)?\b|persecond|ops|throughput|decisions|hz|rate)/;
  const isBaseline = (p: string) => /(jose|bare|baseline)/.test(p);

  const bundleKBKey = find((p) => /bundle/.test(p) && /(kb|kib)/.test(p) && !/(gzip|brotli)/.test(p));
  const bundleBytes = find((p) => /bundle/.test(p) && /(bytes|size)/.test(p) && !/(gzip|brotli|kb|kib)/.test(p));
  const bundleKB = bundleKBKey ?? (bundleBytes === undefined ? undefined : bundleBytes / 1024);
  const initMs = find((p) => /(init|cold)/.test(p) && !/bundle/.test(p) && !rate.test(p));
  const bearer = find((p) => /bearer/.test(p) && rate.test(p) && !isBaseline(p));
  const dpop = find((p) => /dpop/.test(p) && rate.test(p) && !isBaseline(p));
  const anyJose = find((p) => isBaseline(p) && rate.test(p) && !/dpop/.test(p));
  const bearerJose = find((p) => /bearer/.test(p) && isBaseline(p) && rate.test(p)) ?? anyJose;
  const dpopJose = find((p) => /dpop/.test(p) && isBaseline(p) && rate.test(p)) ?? anyJose;
  return {
    ...(bundleKB !== undefined && { bundleKB }),
    ...(initMs !== undefined && { initMs }),
    ...(bearer !== undefined && { bearer }),
    ...(bearerJose !== undefined && { bearerJose }),
    ...(dpop !== undefined && { dpop }),
    ...(dpopJose !== undefined && { dpopJose }),
  };
}

/** Every finite number in a JSON value, with its lower-cased dotted path. */
function flatten(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number' && Number.isFinite(value)) return [[path.toLowerCase(), value]];
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => flatten(child, path ? `${path}.${key}` : key));
  }
  return [];
}

/** The last top-level JSON object in a program's stdout (progress lines before it are ignored). */
export function lastJsonObject(stdout: string): unknown {
  for (let start = stdout.lastIndexOf('{'); start >= 0; start = stdout.lastIndexOf('{', start - 1)) {
    try {
      return JSON.parse(stdout.slice(start));
    } catch {
      // not the start of the final object; keep looking further back
    }
  }
  throw new Error(`no JSON object in the output: ${stdout.slice(-300)}`);
}
