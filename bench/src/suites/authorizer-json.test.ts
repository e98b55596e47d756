import { describe, expect, it } from 'vitest';
import { lastJsonObject, readAuthorizerJson } from './authorizer-json.ts';

describe('readAuthorizerJson', () => {
  it('reads the preferred shape', () => {
    expect(
      readAuthorizerJson({
        bundleBytes: 40_960,
        initMs: 12.5,
        bearer: { decisionsPerSecond: 9000, joseDecisionsPerSecond: 10_000 },
        dpop: { decisionsPerSecond: 4000, joseDecisionsPerSecond: 4500 },
      }),
    ).toEqual({ bundleKB: 40, initMs: 12.5, bearer: 9000, bearerJose: 10_000, dpop: 4000, dpopJose: 4500 });
  });
  it('recognises other spellings and one shared jose baseline', () => {
    expect(
      readAuthorizerJson({
        bundle: { minifiedKB: 51.2, gzipKB: 14 },
        coldInitMs: 20,
        throughput: { bearerOpsPerSec: 800, dpopOpsPerSec: 300, bareJoseOpsPerSec: 1000 },
      }),
    ).toEqual({ bundleKB: 51.2, initMs: 20, bearer: 800, bearerJose: 1000, dpop: 300, dpopJose: 1000 });
  });
  it('leaves out what it cannot find instead of guessing', () => {
    expect(readAuthorizerJson({ note: 'nothing measured' })).toEqual({});
  });
});

describe('lastJsonObject', () => {
  it('skips progress lines and takes the final object', () => {
    expect(lastJsonObject('building…\n{"a":1}\nmeasuring…\n{"b":{"c":2}}\n')).toEqual({ b: { c: 2 } });
  });
  it('fails with the tail of the output when there is no JSON', () => {
    expect(() => lastJsonObject('error: boom')).toThrow(/no JSON object.*boom/);
  });
});
