import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { SLEEP_MS, writePoolWorkspace } from '../fixture/pool-workspace.ts';
import { measureServices } from '../load/measure.ts';
import { repoRoot } from '../paths.ts';
import { start } from '../process/child.ts';
import { freePort } from '../process/free-port.ts';
import { tsxArgs } from '../process/tsx.ts';
import type { Figure } from '../results.ts';
import { assertServes, primeConcurrency, type Service } from '../services/service.ts';
import { LOAD_PLANS, type Suite } from '../suite.ts';
import { figure, TARGETS } from '../targets.ts';

/** Workers of the pooled gateway: the local default. */
const POOL_WORKERS = 10;
/** The sleeping handler's load: as many connections as the pool has workers. */
const SLEEP_CONNECTIONS = POOL_WORKERS;

/**
 * The worker pool (one request per worker, as Lambda runs environments): the same two apps served
 * by `pnpm dev` limited to one worker per app and by `pnpm dev` with its default pool, measured
 * in interleaved rounds. A CPU-bound handler should scale with the cores; a sleeping handler's
 * latency should stay near its sleep however many requests overlap.
 */
export const poolSuite: Suite = {
  name: 'pool',
  title: 'Worker pool: one request per worker, like Lambda',
  budgetMs: { full: 150_000, quick: 90_000 },
  unavailable: async () => undefined,
  async run({ mode, workDir, log, keep }) {
    const plan = LOAD_PLANS[mode];
    const cpuConnections = Math.max(2, availableParallelism());
    const root = await writePoolWorkspace(workDir);
    const services: Array<Service & { readonly base: string }> = [];
    try {
      log('starting pnpm dev with one worker per app, and with the default pool');
      const one = await startPoolGateway(root, 1, 'one worker per app');
      services.push(one);
      const pool = await startPoolGateway(root, POOL_WORKERS, `pool of ${POOL_WORKERS} workers per app`);
      services.push(pool);
      const at = (service: Service & { base: string }, app: string): Service => ({ ...service, url: `${service.base}/${app}/` });

      const cpu = [at(one, 'cpu'), at(pool, 'cpu')];
      for (const service of cpu) await assertServes(service);
      for (const service of cpu) await primeConcurrency(service, cpuConnections);
      const cpuRounds = await measureServices(cpu, plan, log, [cpuConnections]);
      const figures: Figure[] = [
        figure({
          id: `pool.cpu.c${cpuConnections}.throughput`,
          label: `CPU-bound handler, ${cpuConnections} conn — pool (${cpuConnections} workers busy) vs one worker`,
          kind: 'throughput',
          unit: 'req/s',
          samples: cpuRounds
            .get(pool.label)!
            .get(cpuConnections)!
            .map((round) => round.throughput),
          baseline: {
            label: one.label,
            samples: cpuRounds
              .get(one.label)!
              .get(cpuConnections)!
              .map((round) => round.throughput),
          },
          target: TARGETS.poolCpuScaling,
        }),
      ];
      keep(figures);

      const sleepy = [at(one, 'sleepy'), at(pool, 'sleepy')];
      for (const service of sleepy) await assertServes(service);
      for (const service of sleepy) await primeConcurrency(service, SLEEP_CONNECTIONS);
      const sleepRounds = await measureServices(sleepy, plan, log, [SLEEP_CONNECTIONS]);
      const pick = (label: string, key: 'throughput' | 'p50' | 'p99') =>
        sleepRounds
          .get(label)!
          .get(SLEEP_CONNECTIONS)!
          .map((round) => round[key]);
      figures.push(
        figure({
          id: `pool.sleep.c${SLEEP_CONNECTIONS}.throughput`,
          label: `${SLEEP_MS} ms sleeping handler, ${SLEEP_CONNECTIONS} conn — pool vs one worker`,
          kind: 'throughput',
          unit: 'req/s',
          samples: pick(pool.label, 'throughput'),
          baseline: { label: one.label, samples: pick(one.label, 'throughput') },
          target: TARGETS.poolSleepThroughput,
        }),
        figure({
          id: `pool.sleep.c${SLEEP_CONNECTIONS}.p99`,
          label: `${SLEEP_MS} ms sleeping handler, ${SLEEP_CONNECTIONS} conn — pool p99`,
          kind: 'p99',
          unit: 'ms',
          samples: pick(pool.label, 'p99'),
          baseline: { label: one.label, samples: pick(one.label, 'p99') },
          target: TARGETS.poolSleepP99,
        }),
      );
      return {
        figures,
        method: [
          `A scratch workspace with two public routes: \`cpu\` (4 M rounds of integer hashing per request) and \`sleepy\` (a ${SLEEP_MS} ms timer). Both served by \`pnpm dev\` twice: \`FRONTDESK_MAX_WORKERS=1\` (every request waits for the one worker) and \`FRONTDESK_MAX_WORKERS=${POOL_WORKERS}\` (the default pool).`,
          `CPU-bound at ${cpuConnections} connections (the machine's cores, at least 2): the pool runs that many workers at once. Sleeping at ${SLEEP_CONNECTIONS} connections: one worker serializes them; the pool overlaps them.`,
          `autocannon in its own process, 127.0.0.1 only; requests at once start the pool's workers first and a ${plan.warmupSeconds} s warm-up follows per level (cold starts are not measured), then ${plan.rounds} interleaved round(s) of ${plan.durationSeconds} s; medians of rounds.`,
        ],
      };
    } finally {
      await Promise.all(services.map((service) => service.stop()));
    }
  },
};

/** `pnpm dev` (the local gateway's CLI, as the root script runs it) over `root`, with `maxWorkers` workers per app. */
async function startPoolGateway(root: string, maxWorkers: number, label: string): Promise<Service & { readonly base: string }> {
  const port = await freePort();
  const lambdaPort = await freePort();
  const { started } = await start(process.execPath, tsxArgs(join(repoRoot, 'packages/local-gateway/src/cli/dev.ts')), {
    cwd: root,
    env: {
      ...process.env,
      FRONTDESK_PORT: String(port),
      FRONTDESK_LAMBDA_PORT: String(lambdaPort),
      FRONTDESK_MAX_WORKERS: String(maxWorkers),
      FORCE_COLOR: '0',
    },
    readyUrl: `http://127.0.0.1:${port}/`,
    timeoutMs: 60_000,
  });
  return {
    label,
    base: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/`,
    headers: {},
    processGroup: started.child.pid ?? 0,
    stop: started.stop,
  };
}
