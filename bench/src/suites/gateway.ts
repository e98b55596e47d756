import { benchmarkedApp } from '../fixture/bundle.ts';
import { loadFigures } from '../load/load-figures.ts';
import { measureServices, type Rounds } from '../load/measure.ts';
import { startBareServer } from '../services/bare-server.ts';
import { localGatewayMissing, startLocalGateway, verifierForToken } from '../services/local-gateway.ts';
import { assertServes, primeConcurrency, type Service } from '../services/service.ts';
import { LOAD_PLANS, type Suite } from '../suite.ts';
import { TARGETS } from '../targets.ts';

/**
 * Authorized requests through `pnpm dev` against a bare Node `http` server doing the same `jose`
 * verification of the same token and calling the same handler.
 */
export const gatewaySuite: Suite = {
  name: 'gateway',
  title: 'Local gateway vs bare Node',
  budgetMs: { full: 3 * 60_000, quick: 90_000 },
  unavailable: () => localGatewayMissing(),
  async run({ mode, workDir, log }) {
    const plan = LOAD_PLANS[mode];
    const services: Service[] = [];
    try {
      log('starting pnpm dev');
      const gateway = await startLocalGateway(`${benchmarkedApp.name}${benchmarkedApp.path}`, benchmarkedApp.scope);
      services.push(gateway);
      log('starting the bare Node baseline with the dev identity provider’s keys');
      const bare = await startBareServer(workDir, await verifierForToken(gateway.token, benchmarkedApp.scope), gateway.token);
      services.push(bare);
      for (const service of services) await assertServes(service);

      // Level by level, each after that many requests at once: the pool starts the workers a level
      // needs (as a deployed function has warm environments) before the warm-up and rounds.
      const rounds = new Map<string, Map<number, Rounds>>([
        [gateway.label, new Map()],
        [bare.label, new Map()],
      ]);
      for (const connections of plan.connections) {
        await primeConcurrency(gateway, connections);
        const level = await measureServices([gateway, bare], plan, log, [connections]);
        for (const [label, byLevel] of level) rounds.get(label)!.set(connections, byLevel.get(connections)!);
      }
      const figures = plan.connections.flatMap((connections) =>
        loadFigures({
          suite: 'gateway',
          subject: 'local gateway',
          baseline: bare.label,
          connections,
          subjectRounds: rounds.get(gateway.label)!.get(connections)!,
          baselineRounds: rounds.get(bare.label)!.get(connections)!,
          ...(connections === 50 && { targets: { throughput: TARGETS.gatewayVsBare, p99: TARGETS.gatewayP99At50 } }),
        }),
      );
      return {
        figures,
        method: [
          `Route \`GET /${benchmarkedApp.name}${benchmarkedApp.path}\` (app \`${benchmarkedApp.name}\`, scope \`${benchmarkedApp.scope}\`), one Bearer token from \`pnpm token\` signed by the dev identity provider; both servers verify it with jose against the same JWKS.`,
          "The gateway runs the app's default worker pool (one request per worker; `pnpm bench --suite pool` measures the pool itself); before each level, that many requests at once start the workers the level needs, so cold starts stay out of the rounds.",
          `autocannon in its own process, 127.0.0.1 only; per connection count a ${plan.warmupSeconds} s warm-up, then ${plan.rounds} interleaved round(s) of ${plan.durationSeconds} s (at most ${plan.maxRequestsPerRound} requests) per server; medians of rounds. Throughput counts 2xx responses only.`,
        ],
      };
    } finally {
      await Promise.all(services.map((service) => service.stop()));
    }
  },
};
