import { routeTable } from '@frontdesk/gateway-core';
import type { FunctionStatus } from '../functions/function-types.ts';
import type { DevApp } from '../workspace/dev-workspace.ts';

export interface AppView {
  readonly name: string;
  readonly owner: string;
  readonly basePath: string;
  readonly functionName: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly routes: ReadonlyArray<{
    readonly key: string;
    readonly method: string;
    /** The path a client calls, base path included (`/orders/{orderId}`). */
    readonly path: string;
    readonly auth: { readonly public: true; readonly reason: string } | { readonly public: false; readonly scopes: readonly string[] };
  }>;
  readonly worker: FunctionStatus;
}

/** Every served app as the console's Apps pane shows it: manifest facts and its worker's state now. */
export function appsView(apps: Iterable<DevApp>): AppView[] {
  return [...apps]
    .map((app): AppView => {
      const { manifest } = app.api;
      return {
        name: manifest.name,
        owner: manifest.owner,
        basePath: `/${manifest.basePath}`,
        functionName: app.fn.name,
        memoryMb: manifest.function.memoryMb,
        timeoutSeconds: manifest.function.timeoutSeconds,
        routes: routeTable(manifest).map((route) => ({
          key: route.key,
          method: route.method ?? '*',
          path: route.externalPath,
          auth: route.auth.kind === 'public' ? { public: true, reason: route.auth.reason } : { public: false, scopes: route.auth.scopes },
        })),
        worker: app.fn.status(),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
