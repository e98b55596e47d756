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

/** The dev identity provider's issuer for a gateway origin. */
export function devIssuer(origin: string): string {
  return `${origin}${IDP_PREFIX}`;
}
