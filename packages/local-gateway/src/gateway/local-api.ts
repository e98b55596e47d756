import type { AppManifest } from '@frontdesk/gateway-core';
import type { ApiAuthorizer } from './authorize.ts';
import type { ApiDescription } from './build-event.ts';
import type { CompiledRoute } from './match-route.ts';

/**
 * One app's HTTP API as the data path reads it: its routes, its stage (variables included) and
 * its authorizer. The workspace builds it from the manifest (`workspace/local-app.ts`).
 */
export interface LocalApi {
  readonly manifest: AppManifest;
  readonly routes: readonly CompiledRoute[];
  readonly description: ApiDescription;
  readonly authorizer: ApiAuthorizer;
  /** Route keys that need the authorizer (every non-public route). */
  readonly protectedRoutes: ReadonlySet<string>;
}
