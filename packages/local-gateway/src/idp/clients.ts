import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A `client_credentials` client of the development identity provider. */
export interface DevClient {
  readonly secret: string;
  /** Scopes it may request (never `*`). */
  readonly scopes: readonly string[];
  /** The built-in default client only: it may also request any scope the manifests declare. */
  readonly anyDeclaredScope?: boolean;
  /** The `sub` of its tokens. @default the client id */
  readonly sub?: string;
}

const CLIENTS_FILE = 'frontdesk.dev.json';

/** Used when the workspace declares no clients: one client that may ask for the scopes the manifests declare. */
const DEFAULT_CLIENTS: Readonly<Record<string, DevClient>> = {
  'frontdesk-dev': { secret: 'frontdesk-dev-secret', scopes: [], anyDeclaredScope: true },
};

/**
 * The clients declared in `<root>/frontdesk.dev.json` (`{"clients": {"<id>": {"secret", "scopes"}}}`),
 * or {@link DEFAULT_CLIENTS}. Throws naming the file and the field when it is malformed.
 */
export function loadDevClients(root: string): Readonly<Record<string, DevClient>> {
  const file = join(root, CLIENTS_FILE);
  if (!existsSync(file)) return DEFAULT_CLIENTS;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { clients?: unknown };
  if (typeof parsed.clients !== 'object' || parsed.clients === null)
    throw new Error(`${file}: "clients" must be an object keyed by client id`);
  for (const [id, client] of Object.entries(parsed.clients as Record<string, Partial<DevClient>>)) {
    if (typeof client.secret !== 'string' || client.secret.length < 8)
      throw new Error(`${file}: clients.${id}.secret must be a string of at least 8 characters`);
    if (!Array.isArray(client.scopes) || client.scopes.some((scope) => typeof scope !== 'string')) {
      throw new Error(`${file}: clients.${id}.scopes must be a list of scope strings`);
    }
    if (client.scopes.some((scope) => scope.includes('*'))) {
      throw new Error(
        `${file}: clients.${id}.scopes may not contain "*": list the scopes the client needs (a wildcard would mint tokens for every app)`,
      );
    }
  }
  // Only the built-in client may request every declared scope; a file cannot grant itself that.
  return Object.fromEntries(
    Object.entries(parsed.clients as Record<string, DevClient>).map(([id, client]) => [
      id,
      { secret: client.secret, scopes: client.scopes, ...(client.sub !== undefined ? { sub: client.sub } : {}) },
    ]),
  );
}
