import { DEFAULT_AUDIENCE, devIssuer } from '../idp/paths.ts';
import { issueToken } from '../idp/issue-token.ts';
import { loadOrCreateKey } from '../idp/keys.ts';
import { thumbprint } from '../idp/dpop-proof.ts';

export interface DevTokenOptions {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly sub: string;
  readonly scopes: readonly string[];
  readonly audience?: string;
  readonly ttlSeconds: number;
  readonly dpop: boolean;
}

/** The CLI's DPoP key (kept beside the IdP key), whose thumbprint `--dpop` tokens are bound to. */
export const DPOP_KEY = 'idp/dpop-key';

/**
 * Signs a token with the dev IdP's key in `.frontdesk/` — no running gateway needed. The issuer
 * is the one `pnpm dev` serves on FRONTDESK_PORT (default 3000).
 */
export async function mintDevToken(options: DevTokenOptions): Promise<string> {
  const key = await loadOrCreateKey(options.root, 'idp/signing-key');
  const port = Number(options.env.FRONTDESK_PORT) || 3000;
  const jkt = options.dpop ? await thumbprint((await loadOrCreateKey(options.root, DPOP_KEY)).publicJwk) : undefined;
  return issueToken(key, {
    issuer: devIssuer(`http://127.0.0.1:${port}`),
    audience: options.audience ?? options.env.FRONTDESK_AUDIENCE?.split(',')[0]?.trim() ?? DEFAULT_AUDIENCE,
    sub: options.sub,
    scopes: options.scopes,
    ttlSeconds: options.ttlSeconds,
    clientId: 'frontdesk-cli',
    ...(jkt ? { jkt } : {}),
  });
}
