import type { AppManifest } from '@frontdesk/gateway-core';
import type { DevClient } from './clients.ts';

/**
 * The scopes any app's manifest requires on some route: what the default dev client may request.
 * Read per token request, so an app added or edited under `pnpm dev` counts at once.
 */
export function declaredScopes(manifests: Iterable<AppManifest>): Set<string> {
  const scopes = new Set<string>();
  for (const manifest of manifests) {
    for (const route of Object.values(manifest.routes)) {
      if ('scopes' in route) for (const scope of route.scopes) scopes.add(scope);
    }
  }
  return scopes;
}

/**
 * What `client` may be issued: the scopes it lists in frontdesk.dev.json, plus — for the built-in
 * default client only — the scopes the manifests declare. Never `*`: a wildcard is refused when
 * the file is read, and no manifest can declare it.
 */
export function allowedScopes(client: DevClient, declared: ReadonlySet<string>): ReadonlySet<string> {
  return client.anyDeclaredScope === true ? new Set([...client.scopes, ...declared]) : new Set(client.scopes);
}
