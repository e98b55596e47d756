import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';
import { run } from '../process/child.ts';
import { tsxArgs } from '../process/tsx.ts';
import type { Figure } from '../results.ts';
import type { Suite } from '../suite.ts';
import { figure, TARGETS } from '../targets.ts';
import { lastJsonObject, readAuthorizerJson, type AuthorizerFigures } from './authorizer-json.ts';

const gatewayCore = join(repoRoot, 'packages/gateway-core');
const script = join(gatewayCore, 'bench/authorizer.ts');
const RUNS = { full: 3, quick: 1 } as const;

/**
 * The authorizer engineer's benchmark, run as it is (minified bundle size, cold module init,
 * decisions/s against a bare `jose.jwtVerify` loop, Bearer and DPoP) several times; this suite
 * takes the median of each figure across runs and judges the targets. `FRONTDESK_BENCH_QUICK=1`
 * asks it for a short run.
 */
export const authorizerSuite: Suite = {
  name: 'authorizer',
  title: 'Authorizer bundle, init and decisions/s',
  budgetMs: { full: 3 * 60_000, quick: 90_000 },
  unavailable: async () => (existsSync(script) ? undefined : 'packages/gateway-core/bench/authorizer.ts does not exist yet (issue 3)'),
  async run({ mode, log }) {
    const runs: AuthorizerFigures[] = [];
    for (let i = 1; i <= RUNS[mode]; i += 1) {
      const stdout = await run(process.execPath, tsxArgs(script), {
        cwd: gatewayCore,
        env: { ...process.env, ...(mode === 'quick' && { FRONTDESK_BENCH_QUICK: '1' }) },
        timeoutMs: 120_000,
      });
      const read = readAuthorizerJson(lastJsonObject(stdout));
      log(`run ${i}/${RUNS[mode]}: ${JSON.stringify(read)}`);
      runs.push(read);
    }
    const samples = (key: keyof AuthorizerFigures) => {
      const values = runs.flatMap((r) => (r[key] === undefined ? [] : [r[key]!]));
      return values.length === runs.length ? values : undefined;
    };
    const figures: Figure[] = [];
    const missing: string[] = [];
    const add = (key: keyof AuthorizerFigures, make: (values: number[]) => Figure) => {
      const values = samples(key);
      if (values) figures.push(make(values));
      else missing.push(key);
    };
    add('bundleKB', (s) => figure({ id: 'authorizer.bundle', label: 'minified bundle', kind: 'size', unit: 'KB', samples: s, target: TARGETS.authorizerBundle }));
    add('initMs', (s) => figure({ id: 'authorizer.init', label: 'cold module init', kind: 'time', unit: 'ms', samples: s, target: TARGETS.authorizerInit }));
    for (const scheme of ['bearer', 'dpop'] as const) {
      const jose = samples(`${scheme}Jose`);
      add(scheme, (s) =>
        figure({
          id: `authorizer.${scheme}.throughput`,
          label: `${scheme === 'bearer' ? 'Bearer' : 'DPoP'} decisions`,
          kind: 'throughput',
          unit: 'decisions/s',
          samples: s,
          ...(jose && { baseline: { label: 'bare jose.jwtVerify loop', samples: jose } }),
          target: TARGETS.authorizerVsJose,
        }),
      );
    }
    return {
      figures,
      method: [
        `\`packages/gateway-core/bench/authorizer.ts\` run ${RUNS[mode]} time(s) in a fresh process each; medians across runs. The bare jose loop is measured by that script in the same process and run.`,
        ...(missing.length ? [`Not found in its JSON output: ${missing.join(', ')}.`] : []),
      ],
    };
  },
};
