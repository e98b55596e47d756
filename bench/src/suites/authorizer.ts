import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../process/child.ts';
import { tsxArgs } from '../process/tsx.ts';
import type { Figure } from '../results.ts';
import type { Suite } from '../suite.ts';
import { figure, TARGETS } from '../targets.ts';
import { readAuthorizerJson } from './authorizer-json.ts';

const script = fileURLToPath(new URL('../authorizer/main.ts', import.meta.url));

/**
 * Runs `src/authorizer/main.ts` in its own process — the minified bundle, cold init (fresh
 * processes, beside an empty handler's) and decisions/s against bare `jose` loops in the same
 * process, rounds interleaved — and reads the JSON it writes. Nothing is re-measured here.
 */
export const authorizerSuite: Suite = {
  name: 'authorizer',
  title: 'Authorizer bundle, init and decisions/s',
  budgetMs: { full: 3 * 60_000, quick: 2 * 60_000 },
  // Needs nothing beyond the workspace: the authorizer and its benchmark live in this repository.
  unavailable: async () => undefined,
  async run({ mode, workDir, log }) {
    const jsonFile = join(workDir, 'authorizer.json');
    log(`running bench/src/authorizer/main.ts${mode === 'quick' ? ' --quick' : ''}`);
    await run(process.execPath, tsxArgs(script, ['--json', jsonFile, ...(mode === 'quick' ? ['--quick'] : [])]), {
      cwd: join(script, '..'),
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
        label: 'cold init, process start to handler ready',
        kind: 'time',
        unit: 'ms',
        samples: result.initSamplesMs,
        baseline: { label: 'an empty handler module', samples: result.emptyInitSamplesMs },
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
          target: TARGETS.authorizerFirstSeen,
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
          target: TARGETS.authorizerDpop,
        }),
      );
    }
    log(
      `bundle ${(result.bundleBytes / 1024).toFixed(1)} KB, init ${result.initMedianMs} ms (empty handler ${result.emptyInitMedianMs} ms)`,
    );
    return {
      figures,
      method: [
        `\`bench/src/authorizer/main.ts --json\`${mode === 'quick' ? ' `--quick`' : ''}, run once in its own process: cold init over fresh \`node\` processes, decisions/s over interleaved batches against bare jose loops in the same process, each side's rate from its median batch.`,
        "Cold init: from a fresh `node` process's start to the handler module imported (configuration read, authorizer built), as Lambda's Init phase counts it, beside a module exporting an empty handler; rounds interleaved. Each timed decision writes its audit line (only the final stdout write is replaced by a counter).",
        'Bearer first-seen: a distinct token per decision (and per bare verify), so the verified-token cache never answers (it only sights each token); repeated: one token, answered by the cache once stored (on its second decision, before timing), against the bare loop verifying it every time. DPoP: one bound token (cached) with a fresh proof per decision.',
        'Before timing, both sides run each timed path on tokens never timed (repeated and first-seen, 1,000 decisions each: V8 still optimises the authorizer after 500), so no figure pays for compiling the code it times. Both sides check the outcome they timed (an allow; a verified payload).',
        'Bundle: `src/authorizer/handler.ts` minified by esbuild for node22 with `@aws-sdk/*` external (the Lambda runtime provides it); 1 KB = 1024 bytes.',
      ],
    };
  },
};
