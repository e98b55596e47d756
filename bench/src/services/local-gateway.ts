import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { VerifierConfig } from '../fixture/verifier.ts';
import { repoRoot } from '../paths.ts';
import { run, start, type Started } from '../process/child.ts';
import { freePort } from '../process/free-port.ts';
import type { Service } from './service.ts';

/** Why the local gateway cannot be benchmarked in `root`, or `undefined` when `pnpm dev` and `pnpm token` exist. */
export async function localGatewayMissing(root = repoRoot): Promise<string | undefined> {
  const rootScripts = await scriptsOf(join(root, 'package.json'));
  const gatewayScripts = await scriptsOf(join(root, 'packages/local-gateway/package.json'));
  if (!gatewayScripts.dev) return 'packages/local-gateway has no "dev" script';
  if (!rootScripts.token) return 'the root package.json has no "token" script';
  return undefined;
}

async function scriptsOf(path: string): Promise<Record<string, string>> {
  if (!existsSync(path)) return {};
  return (JSON.parse(await readFile(path, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
}

export interface RunningGateway {
  readonly started: Started;
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  /** Milliseconds from spawning `pnpm dev` to the first HTTP answer. */
  readonly startupMs: number;
}

/** Starts `pnpm dev` in `root` on free ports, as a developer would, and waits for its first answer. */
export async function startDev(root: string, timeoutMs = 60_000): Promise<RunningGateway> {
  const port = await freePort();
  const lambdaPort = await freePort();
  const env = { ...process.env, FRONTDESK_PORT: String(port), FRONTDESK_LAMBDA_PORT: String(lambdaPort), FORCE_COLOR: '0' };
  const begin = performance.now();
  const { started } = await start('pnpm', ['dev'], { cwd: root, env, readyUrl: `http://127.0.0.1:${port}/`, timeoutMs });
  return { started, port, env, startupMs: performance.now() - begin };
}

/** A token from `pnpm token`, which prints the token and nothing else on stdout. */
async function devToken(root: string, env: NodeJS.ProcessEnv, scope: string): Promise<string> {
  const stdout = await run('pnpm', ['--silent', 'run', 'token', '--sub', 'bench-user', '--scope', scope], {
    cwd: root,
    env,
    timeoutMs: 60_000,
  });
  const token = stdout.trim().split('\n').at(-1)?.trim() ?? '';
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`pnpm token printed no JWT on stdout: ${stdout.slice(0, 300)}`);
  return token;
}

/**
 * What the bare baseline must trust to verify the same token the gateway verifies: the issuer's
 * keys from its discovery document, the token's audience and algorithm.
 */
export async function verifierForToken(token: string, requiredScope: string): Promise<VerifierConfig> {
  const claims = decodeJwt(token);
  const { alg } = decodeProtectedHeader(token);
  if (!claims.iss || !claims.aud || !alg) throw new Error('the development token has no iss, aud or alg');
  const discovery = (await (await fetch(`${claims.iss.replace(/\/$/, '')}/.well-known/openid-configuration`)).json()) as {
    jwks_uri: string;
  };
  const jwks = (await (await fetch(discovery.jwks_uri)).json()) as JSONWebKeySet;
  const audience = Array.isArray(claims.aud) ? claims.aud[0]! : claims.aud;
  return { jwks, issuer: claims.iss, audience, algorithms: [alg], requiredScope };
}

/** The local gateway serving the benchmarked app under its base path, with a development token. */
export async function startLocalGateway(appBasePath: string, scope: string): Promise<Service & { readonly token: string }> {
  const gateway = await startDev(repoRoot);
  try {
    const token = await devToken(repoRoot, gateway.env, scope);
    const headers = { authorization: `Bearer ${token}` };
    // API Gateway maps both `/orders` and `/orders/` to the app's `GET /`; use whichever the gateway serves.
    let url = `http://127.0.0.1:${gateway.port}/${appBasePath}`;
    if ((await fetch(url, { headers })).status === 404) url += '/';
    return {
      label: 'local gateway (pnpm dev)',
      url,
      headers,
      token,
      processGroup: gateway.started.child.pid ?? 0,
      stop: gateway.started.stop,
    };
  } catch (error) {
    await gateway.started.stop();
    throw error;
  }
}
