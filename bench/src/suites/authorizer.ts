import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';
import { run } from '../process/child.ts';
import { tsxArgs } from '../process/tsx.ts';
import type { Figure } from '../results.ts';
import type { Suite } from '../suite.ts';
import { figure, TARGETS } from '../targets.ts';
import { readAuthorizerJson } from './authorizer-json.ts';

const gatewayCore = join(repoRoot, 'packages/gateway-core');
const script = join(gatewayCore, 'bench/authorizer.ts');

/**
 * The authorizer engineer's own benchmark, run as it is — it measures the minified bundle, cold
 * module init (median of fresh processes) and decisions/s against bare `jose` loops in the same
 * process, rounds interleaved, medians — and read from the JSON it writes. Nothing is re-measured here.
 */
export const authorizerSuite: Suite = {
  name: 'authorizer',
  title: 'Authorizer bundle, init and decisions/s',
  budgetMs: { full: 3 * 60_000, quick: 2 * 60_000 },
  unavailable: async () => (existsSync(script) ? undefined : 'packages/gateway-core/bench/authorizer.ts does not exist yet (issue 3)'),
  async run({ mode, workDir, log }) {
    const jsonFile = join(workDir, 'authorizer.json');
    log(`running packages/gateway-core/bench/authorizer.ts${mode === 'quick' ? ' --quick' : ''}`);
    await run(process.execPath, tsxArgs(script, ['--json', jsonFile, ...(mode === 'quick' ? ['--quick'] : [])]), {
      cwd: gatewayCore,
      timeoutMs: 150_000,
    });
    const result = readAuthorizerJson(JSON.parse(await readFile(jsonFile, 'utf8')));

    const figures: Figure[] = [
      figure({
        id: 'authorizer.bundle',
        label: 'minified bundle',
        kind: 'size',
        unit: 'KB',
        samples: [result.bundleBytes / 1024],
        target: TARGETS.authorizerBundle,
      }),
      figure({
        id: 'authorizer.init',
        label: 'cold module init',
        kind: 'time',
        unit: 'ms',
        samples: result.initSamplesMs,
        target: TARGETS.authorizerInit,
      }),
    ];
    for (const [alg, rates] of Object.entries(result.algorithms)) {
      figures.push(
        figure({
          id: `authorizer.${alg}.bearer`,
          label: `${alg} Bearer decisions, first-seen tokens`,
          kind: 'throughput',
          unit: 'decisions/s',
          samples: [rates.bearerDecisionsPerSec],
          baseline: { label: 'bare jose.jwtVerify loop', samples: [rates.bareJwtVerifyPerSec] },
          target: TARGETS.authorizerVsJose,
        }),
        figure({
          id: `authorizer.${alg}.repeated`,
          label: `${alg} Bearer decisions, repeated token`,
          kind: 'throughput',
          unit: 'decisions/s',
          samples: [rates.repeatedDecisionsPerSec],
          baseline: { label: 'bare jose.jwtVerify loop', samples: [rates.repeatedBareJwtVerifyPerSec] },
          target: TARGETS.authorizerRepeated,
        }),
        figure({
          id: `authorizer.${alg}.dpop`,
          label: `${alg} DPoP decisions`,
          kind: 'throughput',
          unit: 'decisions/s',
          samples: [rates.dpopDecisionsPerSec],
          baseline: { label: 'bare jose loop: token + proof', samples: [rates.bareDpopVerifiesPerSec] },
          target: TARGETS.authorizerVsJose,
        }),
      );
    }
    log(`bundle ${(result.bundleBytes / 1024).toFixed(1)} KB, init ${result.initMedianMs} ms`);
    return {
      figures,
      method: [
        `\`packages/gateway-core/bench/authorizer.ts --json\`${mode === 'quick' ? ' `--quick`' : ''}, run once; its figures are already medians: cold init over fresh \`node\` processes (its samples shown), decisions/s over interleaved batches against bare jose loops in the same process.`,
        'Bearer first-seen: a distinct token per decision (and per bare verify), so the verified-token cache never answers; repeated: one token, answered by the cache after its first decision, against the bare loop verifying it every time. DPoP: one bound token (cached) with a fresh proof per decision.',
        'Bundle: `src/authorizer/handler.ts` minified by esbuild for node22 with `@aws-sdk/*` external (the Lambda runtime provides it); 1 KB = 1024 bytes.',
      ],
    };
  },
};
