import { benchmarkedApp } from '../fixture/bundle.ts';
import { issueFixtureToken } from '../fixture/issue-token.ts';
import { loadFigures } from '../load/load-figures.ts';
import { measureServices, type Rounds } from '../load/measure.ts';
import type { LoadResult } from '../load/run-load.ts';
import type { Figure, SuiteResult } from '../results.ts';
import { startBareServer } from '../services/bare-server.ts';
import { localGatewayMissing, startLocalGateway } from '../services/local-gateway.ts';
import { peerLabel, startServerlessOffline } from '../services/serverless-offline.ts';
import { assertServes, type Service } from '../services/service.ts';
import { LOAD_PLANS, type Suite } from '../suite.ts';
import { figure, TARGETS } from '../targets.ts';

/** The peer is slow enough that its quick run needs only one level to prove the harness. */
const PEER_LEVELS = { full: [1, 10, 50], quick: [10] } as const;

/**
 * The same app handler behind the same `jose` check, served by serverless-offline (Serverless v3)
 * as an HTTP API route with a Lambda REQUEST authorizer — measured in the same run as the local
 * gateway, so the ratio to the closest peer is measured, not quoted.
 */
export const peerSuite: Suite = {
  name: 'peer',
  title: 'Local gateway vs serverless-offline',
  budgetMs: { full: 4 * 60_000, quick: 4 * 60_000 },
  unavailable: async () => undefined,
  async run({ mode, workDir, log, earlier }) {
    const plan = { ...LOAD_PLANS[mode], connections: PEER_LEVELS[mode] };
    const services: Service[] = [];
    const method: string[] = [];
    try {
      const identity = await issueFixtureToken(benchmarkedApp.scope);
      log(`starting ${peerLabel}`);
      const begin = performance.now();
      const peer = await startServerlessOffline(identity.verifier, identity.token, log);
      services.push(peer);
      await assertServes(peer);
      method.push(
        `${peerLabel} installed on demand with npm into the bench cache (outside the workspace); started in ${Math.round(performance.now() - begin)} ms (install included on a first run). Service: one \`httpApi\` route \`GET /\` with a \`request\` authorizer (payload 2.0, simple responses, TTL 0); functions run in serverless-offline's default worker threads with \`--noTimeout\`.`,
      );

      // The comparison: the gateway's rounds from this run's gateway suite, else the gateway
      // measured here, else (gateway not built yet) the bare Node baseline, with no verdict.
      let comparison: { label: string; isGateway: boolean; rounds: Map<number, Rounds> };
      let peerRounds: Map<number, Rounds>;
      const reused = gatewayRounds(earlier.get('gateway'), plan.connections);
      if (reused) {
        peerRounds = (await measureServices([peer], plan, log)).get(peer.label)!;
        comparison = { label: 'local gateway', isGateway: true, rounds: reused };
        method.push('Local gateway figures reused from the gateway suite of this run (same route, same handler, same load settings).');
      } else {
        const missing = await localGatewayMissing();
        const other = missing
          ? await startBareServer(workDir, identity.verifier, identity.token)
          : await startLocalGateway(`${benchmarkedApp.name}${benchmarkedApp.path}`, benchmarkedApp.scope);
        services.push(other);
        await assertServes(other);
        if (missing)
          method.push(
            `The local gateway is not available (${missing}); compared with the bare Node baseline instead, and the target is not judged.`,
          );
        const rounds = await measureServices([peer, other], plan, log);
        peerRounds = rounds.get(peer.label)!;
        comparison = { label: missing ? other.label : 'local gateway', isGateway: !missing, rounds: rounds.get(other.label)! };
      }
      const figures: Figure[] = plan.connections.flatMap((connections) =>
        loadFigures({
          suite: 'peer',
          subject: comparison.label,
          baseline: peerLabel,
          connections,
          subjectRounds: comparison.rounds.get(connections)!,
          baselineRounds: peerRounds.get(connections)!,
          ...(comparison.isGateway && { targets: { throughput: TARGETS.gatewayVsPeer } }),
        }),
      );
      // For scale: the gateway suite's bare Node baseline (same handler and jose check, no gateway,
      // no worker thread) against this peer. A gateway above it would be faster than the work it hosts.
      const bare = comparison.isGateway ? bareThroughputs(earlier.get('gateway'), plan.connections) : undefined;
      if (bare) {
        for (const [connections, throughput] of bare)
          figures.push(
            figure({
              id: `peer.bare.c${connections}.throughput`,
              label: `bare Node http + jose (gateway suite), ${connections} conn — throughput`,
              kind: 'throughput',
              unit: 'req/s',
              samples: [throughput],
              baseline: { label: peerLabel, samples: peerRounds.get(connections)!.map((round) => round.throughput) },
            }),
          );
        method.push(
          "The bare Node rows put the target in scale: the gateway suite's bare Node baseline (its median: the app's handler and the same jose check in one thread, no gateway) against the same serverless-offline rounds.",
        );
      }
      return { figures, method: [...method, loadNote(plan)] };
    } finally {
      await Promise.all(services.map((service) => service.stop()));
    }
  },
};

function loadNote(plan: { warmupSeconds: number; rounds: number; durationSeconds: number; maxRequestsPerRound: number }): string {
  return `autocannon in its own process, 127.0.0.1 only; per connection count a ${plan.warmupSeconds} s warm-up, then ${plan.rounds} round(s) of ${plan.durationSeconds} s (at most ${plan.maxRequestsPerRound} requests); medians of rounds.`;
}

/** The gateway suite's bare Node median throughput per level, when it covered every level. */
function bareThroughputs(result: SuiteResult | undefined, levels: readonly number[]): Map<number, number> | undefined {
  if (result?.status !== 'ok') return undefined;
  const byLevel = new Map<number, number>();
  for (const c of levels) {
    const baseline = result.figures.find((f) => f.id === `gateway.c${c}.throughput`)?.baseline;
    if (!baseline) return undefined;
    byLevel.set(c, baseline.value);
  }
  return byLevel;
}

/** The gateway suite's per-round results, rebuilt from its figures' samples, when it covered every level. */
function gatewayRounds(result: SuiteResult | undefined, levels: readonly number[]): Map<number, Rounds> | undefined {
  if (result?.status !== 'ok') return undefined;
  const byLevel = new Map<number, Rounds>();
  for (const c of levels) {
    const samples = (key: string) => result.figures.find((f) => f.id === `gateway.c${c}.${key}`)?.samples;
    const throughput = samples('throughput');
    const p50 = samples('p50');
    const p99 = samples('p99');
    if (!throughput || !p50 || !p99) return undefined;
    byLevel.set(
      c,
      throughput.map((t, i): LoadResult => ({ throughput: t, p50: p50[i]!, p99: p99[i]!, ok: 0, failed: 0, durationSeconds: 0 })),
    );
  }
  return byLevel;
}
