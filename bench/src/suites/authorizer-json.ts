/**
 * The JSON `bench/src/authorizer/main.ts --json <file>` writes, reduced to what the
 * report shows. Read strictly: a renamed or missing field is an error that names it, never a
 * silently dropped figure.
 */
export interface AuthorizerRun {
  readonly bundleBytes: number;
  readonly initMedianMs: number;
  readonly initSamplesMs: readonly number[];
  /** The same run's empty handler module: the runtime's own floor. */
  readonly emptyInitMedianMs: number;
  readonly emptyInitSamplesMs: readonly number[];
  /** Per signing algorithm (ES256, RS256 …). */
  readonly algorithms: Readonly<Record<string, AlgorithmRates>>;
}

interface AlgorithmRates {
  readonly bareJwtVerifyPerSec: number;
  /** First-seen tokens: a distinct token per decision (the verified-token cache never answers). */
  readonly bearerDecisionsPerSec: number;
  /** One token presented repeatedly, against the bare loop over that token in the same run. */
  readonly repeatedBareJwtVerifyPerSec: number;
  readonly repeatedDecisionsPerSec: number;
  /** The bare loop DPoP is fair against: verifying the token and the proof. */
  readonly bareDpopVerifiesPerSec: number;
  readonly dpopDecisionsPerSec: number;
}

export function readAuthorizerJson(json: unknown): AuthorizerRun {
  const bundleBytes = num(json, 'bundle.bytes');
  const initMedianMs = num(json, 'coldInit.medianMs');
  const initSamplesMs = numbers(json, 'coldInit.samplesMs', initMedianMs);
  const emptyInitMedianMs = num(json, 'coldInit.emptyModuleMedianMs');
  const emptyInitSamplesMs = numbers(json, 'coldInit.emptySamplesMs', emptyInitMedianMs);
  const throughput = at(json, 'throughput');
  if (!throughput || typeof throughput !== 'object' || Object.keys(throughput).length === 0)
    throw new Error('authorizer benchmark JSON: "throughput" has no algorithm');
  const algorithms = Object.fromEntries(
    Object.keys(throughput).map((alg) => [
      alg,
      {
        bareJwtVerifyPerSec: num(json, `throughput.${alg}.bareJwtVerifyPerSec`),
        bearerDecisionsPerSec: num(json, `throughput.${alg}.bearerDecisionsPerSec`),
        repeatedBareJwtVerifyPerSec: num(json, `throughput.${alg}.repeatedBareJwtVerifyPerSec`),
        repeatedDecisionsPerSec: num(json, `throughput.${alg}.repeatedDecisionsPerSec`),
        bareDpopVerifiesPerSec: num(json, `throughput.${alg}.bareDpopVerifiesPerSec`),
        dpopDecisionsPerSec: num(json, `throughput.${alg}.dpopDecisionsPerSec`),
      },
    ]),
  );
  return { bundleBytes, initMedianMs, initSamplesMs, emptyInitMedianMs, emptyInitSamplesMs, algorithms };
}

function at(json: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), json);
}

function num(json: unknown, path: string): number {
  const value = at(json, path);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`authorizer benchmark JSON: "${path}" is missing or not a number`);
  return value;
}

/** The samples at `path`, or the median alone when they are absent. */
function numbers(json: unknown, path: string, fallback: number): number[] {
  const value = at(json, path);
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number') ? (value as number[]) : [fallback];
}
