/**
 * The load generator, run as its own process so it does not share an event loop with the
 * server under test: `connections` keep-alive connections each send requests back to back for
 * `durationMs`, then one JSON line of results goes to stdout.
 *
 * usage: tsx load-client.ts <url> <authorization> <connections> <durationMs>
 */
import { Agent, request } from 'node:http';

const [url, authorization, connectionsText, durationText] = process.argv.slice(2);
if (!url || authorization === undefined || !connectionsText || !durationText) {
  process.stderr.write('usage: tsx load-client.ts <url> <authorization> <connections> <durationMs>\n');
  process.exit(2);
}
const connections = Number(connectionsText);
const durationMs = Number(durationText);
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let errors = 0;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        agent,
        headers: authorization ? { authorization } : {},
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          latencies.push(performance.now() - started);
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors += 1;
      resolve();
    });
    req.end();
  });
}

const startedAt = performance.now();
const deadline = startedAt + durationMs;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < deadline) await once();
  }),
);
const elapsedMs = performance.now() - startedAt;
latencies.sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({
    requests: latencies.length,
    errors,
    statuses,
    elapsedMs: Math.round(elapsedMs),
    throughput: Math.round((latencies.length / elapsedMs) * 1000),
    p50Ms: Number(percentile(50).toFixed(2)),
    p99Ms: Number(percentile(99).toFixed(2)),
  })}\n`,
);
agent.destroy();
