import type { Service } from '../services/service.ts';
import type { LoadPlan } from '../suite.ts';
import { runLoad, type LoadResult } from './run-load.ts';

/** Rounds of one service at one connection count, in run order. */
export type Rounds = LoadResult[];

/**
 * Loads each service at each connection count. Rounds are interleaved (A, B, A, B, …) so a
 * slowdown of the shared machine lands on every service alike instead of on whichever ran last.
 * A warm-up run before each level lets JIT, pools and workers settle; it is not recorded.
 */
export async function measureServices(
  services: readonly Service[],
  plan: LoadPlan,
  log: (line: string) => void,
  connectionLevels: readonly number[] = plan.connections,
): Promise<Map<string, Map<number, Rounds>>> {
  const results = new Map<string, Map<number, Rounds>>(services.map((service) => [service.label, new Map()]));
  for (const connections of connectionLevels) {
    for (const service of services) {
      log(`warm-up ${service.label} at ${connections} connection(s)`);
      try {
        await runLoad({
          url: service.url,
          headers: service.headers,
          connections,
          durationSeconds: plan.warmupSeconds,
          maxRequests: plan.maxRequestsPerRound,
        });
      } catch (error) {
        // A warm-up only settles the service; one that starts a worker per connection may finish
        // nothing inside it. The recorded rounds still fail loudly on no successful response.
        log(`warm-up ${service.label} at ${connections} connection(s): ${(error as Error).message}`);
      }
    }
    for (let round = 1; round <= plan.rounds; round += 1) {
      for (const service of services) {
        const result = await runLoad({
          url: service.url,
          headers: service.headers,
          connections,
          durationSeconds: plan.durationSeconds,
          maxRequests: plan.maxRequestsPerRound,
        });
        log(
          `${service.label} · ${connections} conn · round ${round}/${plan.rounds}: ${Math.round(result.throughput)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms` +
            (result.failed ? `, ${result.failed} failed` : ''),
        );
        const byLevel = results.get(service.label)!;
        byLevel.set(connections, [...(byLevel.get(connections) ?? []), result]);
      }
    }
  }
  return results;
}
