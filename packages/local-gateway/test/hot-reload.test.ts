import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['shop', 'exits'], { watch: true });
});
afterAll(() => fixture.stop());

const shopFile = (path: string) => join(fixture.root, 'apps', 'shop', path);
const edit = (path: string, change: (text: string) => string) =>
  writeFileSync(shopFile(path), change(readFileSync(shopFile(path), 'utf8')));

describe('hot reload: edits apply on the next request, without a restart', () => {
  it('serves an edited handler and publishes it as a new version behind live', async () => {
    edit('src/handler.ts', (text) => text.replace("app: 'shop'", "app: 'shop', edited: true"));
    await expect
      .poll(async () => (await (await fixture.get('/shop/list')).json()) as object, { timeout: 10_000, interval: 100 })
      .toMatchObject({ edited: true });
    const fn = fixture.server.workspace.apps.get('shop')?.fn;
    expect(fn?.versions.map((version) => version.version)).toEqual(['1', '2']);
    expect(fn?.live?.functionVersion).toBe('2');
    expect(fixture.events).toContainEqual(
      expect.objectContaining({ app: 'shop', message: expect.stringContaining('published version 2') }),
    );
    expect(fixture.events.filter((event) => event.message.includes('Runtime.ExitError'))).toEqual([]); // in-flight requests drained
  });

  it('applies an edited manifest: a new route answers', async () => {
    edit('app.config.ts', (text) =>
      text.replace('routes: {', "routes: { 'GET /added': { auth: 'public', reason: 'Added while pnpm dev runs.' },"),
    );
    await expect.poll(async () => (await fixture.get('/shop/added')).status, { timeout: 10_000, interval: 100 }).toBe(200);
  });

  it('reports an invalid manifest edit clearly and keeps serving the last good version', async () => {
    edit('app.config.ts', (text) => text.replace("basePath: 'shop'", "basePath: '/shop/'"));
    await expect
      .poll(() => fixture.events.find((event) => event.app === 'shop' && event.message.startsWith('manifest rejected')), {
        timeout: 10_000,
        interval: 100,
      })
      .toMatchObject({ message: expect.stringMatching(/manifest rejected, still serving the last good version: .*basePath/s) });
    expect((await fixture.get('/shop/added')).status).toBe(200);
  });

  it('reports a handler that no longer builds and keeps serving the last good version', async () => {
    edit('app.config.ts', (text) => text.replace("basePath: '/shop/'", "basePath: 'shop'"));
    edit('src/handler.ts', (text) => `${text}\nexport const broken = ;\n`);
    await expect
      .poll(() => fixture.events.find((event) => event.app === 'shop' && event.message.includes('build failed')), {
        timeout: 10_000,
        interval: 100,
      })
      .toBeDefined();
    expect(await (await fixture.get('/shop/list')).json()).toMatchObject({ edited: true });
  });

  it('serves an app folder created while running, once its manifest loads', async () => {
    const { cpSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    cpSync(fileURLToPath(new URL('./fixtures/workspace/apps/shop-v2', import.meta.url)), join(fixture.root, 'apps', 'shop-v2'), {
      recursive: true,
    });
    await expect.poll(async () => (await fixture.get('/shop/v2/list')).status, { timeout: 15_000, interval: 200 }).toBe(200);
    expect(fixture.events).toContainEqual(expect.objectContaining({ app: 'shop-v2', message: 'new app served under /shop/v2' }));
  });

  it('serves an app created as create-app does (folder renamed into apps/) once pnpm install links it, saying what to run meanwhile', async () => {
    const { cpSync, mkdirSync, renameSync, symlinkSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    // Like the template, the manifest imports a package only the app's own node_modules provides.
    const staging = join(fixture.root, 'apps', '.create-app-billing-x');
    cpSync(fileURLToPath(new URL('./fixtures/workspace/apps/shop-v2', import.meta.url)), staging, { recursive: true });
    const manifest = join(staging, 'app.config.ts');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8')
        .replace("from '@frontdesk/gateway-core'", "from '@frontdesk/linked-by-install'")
        .replace("name: 'shop-v2'", "name: 'billing'")
        .replace("basePath: 'shop/v2'", "basePath: 'billing'"),
    );
    renameSync(staging, join(fixture.root, 'apps', 'billing'));
    await expect
      .poll(() => fixture.events.find((event) => event.message.startsWith('apps/billing: not served yet')), {
        timeout: 10_000,
        interval: 100,
      })
      .toMatchObject({ message: expect.stringContaining('run `pnpm install`') });
    expect((await fixture.get('/billing/list')).status).toBe(404);

    // pnpm install: node_modules appears inside the app folder, its links a moment later.
    const modules = join(fixture.root, 'apps', 'billing', 'node_modules', '@frontdesk');
    mkdirSync(modules, { recursive: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    symlinkSync(join(fixture.root, 'node_modules', '@frontdesk', 'gateway-core'), join(modules, 'linked-by-install'));
    await expect.poll(async () => (await fixture.get('/billing/list')).status, { timeout: 15_000, interval: 200 }).toBe(200);
    expect(fixture.events).toContainEqual(expect.objectContaining({ app: 'billing', message: 'new app served under /billing' }));
    expect(fixture.events.filter((event) => event.message.startsWith('apps/billing: not served yet'))).toHaveLength(1); // said once, not per retry
  });

  it('leaves other apps untouched by a reload', async () => {
    expect(fixture.server.workspace.apps.get('exits')?.fn.versions).toHaveLength(1);
  });
});
