import { benchmarkedApp, bundleBareServer } from '../fixture/bundle.ts';
import type { VerifierConfig } from '../fixture/verifier.ts';
import { start } from '../process/child.ts';
import type { Service } from './service.ts';

/** Starts the bare Node baseline in its own process, trusting `verifier` and authorizing with `token`. */
export async function startBareServer(workDir: string, verifier: VerifierConfig, token: string): Promise<Service> {
  const file = await bundleBareServer(workDir);
  const { started, match } = await start(process.execPath, [file], {
    env: { ...process.env, BENCH_VERIFIER: JSON.stringify(verifier), BENCH_ROUTE_KEY: benchmarkedApp.routeKey },
    readyLine: /listening (\d+)/,
    timeoutMs: 15_000,
  });
  return {
    label: 'bare Node http + jose',
    url: `http://127.0.0.1:${match?.[1]}/`,
    headers: { authorization: `Bearer ${token}` },
    processGroup: started.child.pid ?? 0,
    stop: started.stop,
  };
}
