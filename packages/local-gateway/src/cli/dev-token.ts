import { DEFAULT_AUDIENCE, DEFAULT_PORT, devIssuer } from '../idp/paths.ts';
import { issueToken } from '../idp/issue-token.ts';
import { loadOrCreateKey } from '../idp/keys.ts';
import { thumbprint } from '../idp/dpop-proof.ts';
import { readDevRecord } from './dev-record.ts';

export interface DevTokenOptions {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly sub: string;
  readonly scopes: readonly string[];
  readonly audience?: string;
  readonly ttlSeconds: number;
  readonly dpop: boolean;
  /** The URL the token will be sent to (`pnpm call`): a loopback URL names the gateway's port. */
  readonly url?: string;
}

/** The CLI's DPoP key (kept beside the IdP key), whose thumbprint `--dpop` tokens are bound to. */
export const DPOP_KEY = 'idp/dpop-key';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The dev issuer a token must name to be accepted by the `pnpm dev` it is meant for — the dev
 * IdP's issuer embeds the gateway's port. In order: the port of a loopback `url` (`pnpm call`),
 * `FRONTDESK_PORT`, the `pnpm dev` running in this workspace, else 3000.
 */
function devTokenIssuer(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  url?: string,
): { issuer: string; audience: string | undefined } {
  const running = readDevRecord(root);
  const target = url === undefined ? undefined : new URL(url);
  if (target && LOOPBACK.has(target.hostname)) {
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
    const issuer = devIssuer(`http://127.0.0.1:${port}`);
    return { issuer, audience: running?.devIdpIssuer === issuer ? running.audience : undefined };
  }
  const fromEnv = env.FRONTDESK_PORT?.trim();
  if (fromEnv && Number(fromEnv) > 0) return { issuer: devIssuer(`http://127.0.0.1:${Number(fromEnv)}`), audience: undefined };
  if (running) return { issuer: running.devIdpIssuer, audience: running.audience };
  return { issuer: devIssuer(`http://127.0.0.1:${DEFAULT_PORT}`), audience: undefined };
}

/**
 * Signs a token with the dev IdP's key in `.frontdesk/` — no running gateway needed. The issuer
 * and audience are those of the `pnpm dev` it is meant for (see {@link devTokenIssuer}).
 */
export async function mintDevToken(options: DevTokenOptions): Promise<string> {
  const key = await loadOrCreateKey(options.root, 'idp/signing-key');
  const target = devTokenIssuer(options.root, options.env, options.url);
  const jkt = options.dpop ? await thumbprint((await loadOrCreateKey(options.root, DPOP_KEY)).publicJwk) : undefined;
  return issueToken(key, {
    issuer: target.issuer,
    audience: options.audience ?? options.env.FRONTDESK_AUDIENCE?.split(',')[0]?.trim() ?? target.audience ?? DEFAULT_AUDIENCE,
    sub: options.sub,
    scopes: options.scopes,
    ttlSeconds: options.ttlSeconds,
    clientId: 'frontdesk-cli',
    ...(jkt ? { jkt } : {}),
  });
}
