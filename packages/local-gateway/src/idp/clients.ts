import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A `client_credentials` client of the development identity provider. */
export interface DevClient {
  readonly secret: string;
  /** Scopes it may request; `["*"]` allows any. */
  readonly scopes: readonly string[];
  /** The `sub` of its tokens. @default the client id */
  readonly sub?: string;
}

export const CLIENTS_FILE = 'frontdesk.dev.json';

/** Used when the workspace declares no clients: one client that may ask for any scope. */
export const DEFAULT_CLIENTS: Readonly<Record<string, DevClient>> = {
  'frontdesk-dev': { secret: 'frontdesk-dev-secret', scopes: ['*'] },
};

/**
 * The clients declared in `<root>/frontdesk.dev.json` (`{"clients": {"<id>": {"secret", "scopes"}}}`),
 * or {@link DEFAULT_CLIENTS}. Throws naming the file and the field when it is malformed.
 */
export function loadDevClients(root: string): Readonly<Record<string, DevClient>> {
  const file = join(root, CLIENTS_FILE);
  if (!existsSync(file)) return DEFAULT_CLIENTS;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { clients?: unknown };
  if (typeof parsed.clients !== 'object' || parsed.clients === null) throw new Error(`${file}: "clients" must be an object keyed by client id`);
  for (const [id, client] of Object.entries(parsed.clients as Record<string, Partial<DevClient>>)) {
    if (typeof client.secret !== 'string' || client.secret.length < 8) throw new Error(`${file}: clients.${id}.secret must be a string of at least 8 characters`);
    if (!Array.isArray(client.scopes) || client.scopes.some((scope) => typeof scope !== 'string')) {
      throw new Error(`${file}: clients.${id}.scopes must be a list of scope strings (["*"] allows any)`);
    }
  }
  return parsed.clients as Record<string, DevClient>;
}
