import { describe, expect, it } from 'vitest';
import { readAuthorizerJson } from './authorizer-json.ts';

const rates = {
  bareJwtVerifyPerSec: 10_000,
  bearerDecisionsPerSec: 9_000,
  bearerRatio: 0.9,
  repeatedBareJwtVerifyPerSec: 11_000,
  repeatedDecisionsPerSec: 80_000,
  bareDpopVerifiesPerSec: 4_000,
  dpopDecisionsPerSec: 3_600,
};
const sample = {
  node: 'v20.20.2',
  bundle: { bytes: 40_960, kib: 40, gzipBytes: 12_000 },
  coldInit: { medianMs: 52.5, samplesMs: [52, 52.5, 54], emptyModuleMedianMs: 40, emptySamplesMs: [39, 40, 41] },
  throughput: { ES256: rates, RS256: { ...rates, bareJwtVerifyPerSec: 20_000 } },
};

describe('readAuthorizerJson', () => {
  it('reads bundle, cold init samples and the rates per algorithm', () => {
    const run = readAuthorizerJson(sample);
    expect(run.bundleBytes).toBe(40_960);
    expect(run.initSamplesMs).toEqual([52, 52.5, 54]);
    expect(run.emptyInitSamplesMs).toEqual([39, 40, 41]);
    expect(Object.keys(run.algorithms)).toEqual(['ES256', 'RS256']);
    expect(run.algorithms.RS256).toEqual({
      bareJwtVerifyPerSec: 20_000,
      bearerDecisionsPerSec: 9_000,
      repeatedBareJwtVerifyPerSec: 11_000,
      repeatedDecisionsPerSec: 80_000,
      bareDpopVerifiesPerSec: 4_000,
      dpopDecisionsPerSec: 3_600,
    });
  });
  it('falls back to the median when there are no init samples', () => {
    const run = readAuthorizerJson({ ...sample, coldInit: { medianMs: 9, emptyModuleMedianMs: 7 } });
    expect(run.initSamplesMs).toEqual([9]);
    expect(run.emptyInitSamplesMs).toEqual([7]);
  });
  it('names the field it cannot find instead of dropping a figure', () => {
    expect(() => readAuthorizerJson({ ...sample, bundle: { kib: 40 } })).toThrow('"bundle.bytes" is missing');
    expect(() => readAuthorizerJson({ ...sample, coldInit: { medianMs: 9 } })).toThrow('"coldInit.emptyModuleMedianMs" is missing');
    expect(() => readAuthorizerJson({ ...sample, throughput: { ES256: { ...rates, dpopDecisionsPerSec: 'fast' } } })).toThrow(
      '"throughput.ES256.dpopDecisionsPerSec"',
    );
    expect(() => readAuthorizerJson({ ...sample, throughput: { ES256: { ...rates, repeatedDecisionsPerSec: undefined } } })).toThrow(
      '"throughput.ES256.repeatedDecisionsPerSec"',
    );
    expect(() => readAuthorizerJson({ ...sample, throughput: {} })).toThrow(/no algorithm/);
  });
});
