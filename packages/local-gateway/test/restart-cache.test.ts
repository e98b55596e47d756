import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../src/dev-server.ts';
import { fixtureWorkspace } from './helpers/fixture-workspace.ts';

let root: string;
beforeAll(() => {
  root = fixtureWorkspace(['shop', 'echo']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One `pnpm dev` run over the shared workspace: how its bundles were obtained, and what shop answers. */
async function run(): Promise<{ counts: { fromCache: number; built: number }; shop: unknown }> {
  const server = await startDevServer({
    root,
    port: 0,
    lambdaPort: 0,
    env: { STAGE: 'dev' },
    watch: false,
    logSink: { write: () => undefined, pretty: false },
  });
  try {
    const shop = await (await fetch(`${server.url}/shop/list`)).json();
    return { counts: { ...server.workspace.bundleCounts }, shop };
  } finally {
    await server.close();
  }
}

describe('pnpm dev restarts from the on-disk bundle cache (.frontdesk/cache/functions)', () => {
  it('builds every app once, reuses them all on a restart, and rebuilds only the app whose source changed', async () => {
    expect((await run()).counts).toEqual({ fromCache: 0, built: 2 });

    const restarted = await run();
    expect(restarted.counts).toEqual({ fromCache: 2, built: 0 });
    expect(restarted.shop).toMatchObject({ app: 'shop' });

    const handler = join(root, 'apps', 'shop', 'src', 'handler.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace("app: 'shop'", "app: 'shop', restarted: true"));
    const edited = await run();
    expect(edited.counts).toEqual({ fromCache: 1, built: 1 });
    expect(edited.shop).toMatchObject({ app: 'shop', restarted: true });
  }, 120_000);
});
