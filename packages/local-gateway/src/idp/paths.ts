import { join } from 'node:path';

/** The reserved prefix the development identity provider is served under on the gateway port. */
export const IDP_PREFIX = '/_frontdesk/idp';
export const DEFAULT_AUDIENCE = 'frontdesk-local';
export const DEFAULT_PORT = 3000;
export const DEFAULT_LAMBDA_PORT = 3001;

/** Everything local and secret lives in the git-ignored `.frontdesk/` folder at the workspace root. */
export function stateDir(root: string): string {
  return join(root, '.frontdesk');
}

/** The gateway origin clients and DPoP proofs use: FRONTDESK_PUBLIC_URL, else http://127.0.0.1:<port>. */
export function publicUrl(env: Readonly<Record<string, string | undefined>>, port?: number): string {
  return env.FRONTDESK_PUBLIC_URL?.replace(/\/$/, '') ?? `http://127.0.0.1:${port ?? (Number(env.FRONTDESK_PORT) || DEFAULT_PORT)}`;
}

/** The dev identity provider's issuer for a gateway origin. */
export function devIssuer(origin: string): string {
  return `${origin}${IDP_PREFIX}`;
}
