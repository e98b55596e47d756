import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempWorkspace } from '@frontdesk/test-support';
import { startDevServer, type DevServer, type DevServerOptions } from '../../src/dev-server.ts';
import type { LogSink } from '../../src/logs/print-app-logs.ts';
import type { WorkspaceEvent } from '../../src/workspace/dev-workspace.ts';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const fixtureApps = join(packageDir, 'test', 'fixtures', 'workspace', 'apps');

/**
 * Copies chosen fixture apps into a fresh temporary workspace whose `node_modules` links the
 * real packages (gateway-core, hono), so manifests and handlers resolve as in a clone.
 */
export function fixtureWorkspace(apps: readonly string[]): string {
  const root = tempWorkspace('lg', {
    'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
    // Apps are ES modules, as the template makes them (manifest hot reload re-imports them).
    'package.json': '{ "private": true, "type": "module" }\n',
  });
  for (const app of apps) cpSync(join(fixtureApps, app), join(root, 'apps', app), { recursive: true });
  mkdirSync(join(root, 'node_modules', '@frontdesk'), { recursive: true });
  symlinkSync(join(packageDir, 'node_modules', '@frontdesk', 'gateway-core'), join(root, 'node_modules', '@frontdesk', 'gateway-core'));
  symlinkSync(join(packageDir, 'node_modules', 'hono'), join(root, 'node_modules', 'hono'));
  symlinkSync(join(packageDir, 'node_modules', '@types'), join(root, 'node_modules', '@types'));
  return root;
}

export interface Fixture {
  readonly root: string;
  readonly server: DevServer;
  readonly events: WorkspaceEvent[];
  readonly logs: string[];
  /** `fetch` against the gateway. */
  get(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** A running local gateway over a fixture workspace, on ephemeral ports. */
export async function startFixture(apps: readonly string[], options: Partial<DevServerOptions> = {}): Promise<Fixture> {
  const root = fixtureWorkspace(apps);
  const events: WorkspaceEvent[] = [];
  const logs: string[] = [];
  const logSink: LogSink = { write: (line) => logs.push(line), pretty: false };
  const server = await startDevServer({
    root,
    port: 0,
    lambdaPort: 0,
    env: { STAGE: 'dev' },
    watch: false,
    warm: false,
    onEvent: (event) => events.push(event),
    logSink,
    ...options,
  });
  return {
    root,
    server,
    events,
    logs,
    get: (path, init) => fetch(`${server.url}${path}`, init),
    async stop() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
