import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchmarkedApp, bundlePeerFunctions } from '../fixture/bundle.ts';
import type { VerifierConfig } from '../fixture/verifier.ts';
import { installPeer, serverlessBin } from '../peer/install-peer.ts';
import { serverlessConfig } from '../peer/serverless-config.ts';
import { PEER_PACKAGES, PEER_QUIET_ENV } from '../peer/versions.ts';
import { start } from '../process/child.ts';
import { freePort } from '../process/free-port.ts';
import type { Service } from './service.ts';

export const peerLabel = `serverless-offline ${PEER_PACKAGES['serverless-offline']} (Serverless ${PEER_PACKAGES.serverless})`;

/**
 * Starts the peer: `serverless offline start` serving the app handler behind a Lambda REQUEST
 * authorizer on an HTTP API route. The service folder lives inside the peer's cache folder so
 * Serverless resolves the plugin from it; no AWS credentials or network are used.
 */
export async function startServerlessOffline(verifier: VerifierConfig, token: string, log: (line: string) => void): Promise<Service> {
  const peerDir = await installPeer(log);
  const serviceDir = join(peerDir, `service-${process.pid}`);
  await rm(serviceDir, { recursive: true, force: true });
  await mkdir(serviceDir, { recursive: true });
  await bundlePeerFunctions(serviceDir);
  await writeFile(join(serviceDir, 'serverless.json'), JSON.stringify(serverlessConfig(JSON.stringify(verifier)), null, 2));

  const httpPort = await freePort();
  const lambdaPort = await freePort();
  const { started } = await start(
    process.execPath,
    [
      serverlessBin(peerDir),
      'offline',
      'start',
      '--host',
      '127.0.0.1',
      '--httpPort',
      String(httpPort),
      '--lambdaPort',
      String(lambdaPort),
      '--noTimeout',
    ],
    {
      cwd: serviceDir,
      // Fake credentials: the CLI never calls AWS offline, but must not pick up the developer's real ones either.
      env: {
        ...process.env,
        ...PEER_QUIET_ENV,
        AWS_ACCESS_KEY_ID: 'offline',
        AWS_SECRET_ACCESS_KEY: 'offline',
        AWS_PROFILE: '',
        AWS_REGION: 'eu-west-1',
      },
      readyUrl: `http://127.0.0.1:${httpPort}/`,
      timeoutMs: 90_000,
    },
  );
  return {
    label: peerLabel,
    url: `http://127.0.0.1:${httpPort}${benchmarkedApp.path}`,
    headers: { authorization: `Bearer ${token}` },
    processGroup: started.child.pid ?? 0,
    stop: async () => {
      await started.stop();
      await rm(serviceDir, { recursive: true, force: true });
    },
  };
}
