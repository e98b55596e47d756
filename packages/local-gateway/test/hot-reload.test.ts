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
const edit = (path: string, change: (text: string) => string) => writeFileSync(shopFile(path), change(readFileSync(shopFile(path), 'utf8')));

describe('hot reload: edits apply on the next request, without a restart', () => {
  it('serves an edited handler and publishes it as a new version behind live', async () => {
    edit('src/handler.ts', (text) => text.replace("app: 'shop'", "app: 'shop', edited: true"));
    await expect.poll(async () => (await (await fixture.get('/shop/list')).json()) as object, { timeout: 10_000, interval: 100 }).toMatchObject({ edited: true });
    const fn = fixture.server.workspace.apps.get('shop')?.fn;
    expect(fn?.versions.map((version) => version.version)).toEqual(['1', '2']);
    expect(fn?.live?.functionVersion).toBe('2');
    expect(fixture.events).toContainEqual(expect.objectContaining({ app: 'shop', message: expect.stringContaining('published version 2') }));
    expect(fixture.events.filter((event) => event.message.includes('Runtime.ExitError'))).toEqual([]); // in-flight requests drained
  });

  it('applies an edited manifest: a new route answers', async () => {
    edit('app.config.ts', (text) => text.replace("routes: {", "routes: { 'GET /added': { auth: 'public', reason: 'Added while pnpm dev runs.' },"));
    await expect.poll(async () => (await fixture.get('/shop/added')).status, { timeout: 10_000, interval: 100 }).toBe(200);
  });

  it('reports an invalid manifest edit clearly and keeps serving the last good version', async () => {
    edit('app.config.ts', (text) => text.replace("basePath: 'shop'", "basePath: '/shop/'"));
    await expect
      .poll(() => fixture.events.find((event) => event.app === 'shop' && event.message.startsWith('manifest rejected')), { timeout: 10_000, interval: 100 })
      .toMatchObject({ message: expect.stringMatching(/manifest rejected, still serving the last good version: .*basePath/s) });
    expect((await fixture.get('/shop/added')).status).toBe(200);
  });

  it('reports a handler that no longer builds and keeps serving the last good version', async () => {
    edit('app.config.ts', (text) => text.replace("basePath: '/shop/'", "basePath: 'shop'"));
    edit('src/handler.ts', (text) => `${text}\nexport const broken = ;\n`);
    await expect
      .poll(() => fixture.events.find((event) => event.app === 'shop' && event.message.includes('build failed')), { timeout: 10_000, interval: 100 })
      .toBeDefined();
    expect(await (await fixture.get('/shop/list')).json()).toMatchObject({ edited: true });
  });

  it('serves an app folder created while running, once its manifest loads', async () => {
    const { cpSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    cpSync(fileURLToPath(new URL('./fixtures/workspace/apps/shop-v2', import.meta.url)), join(fixture.root, 'apps', 'shop-v2'), { recursive: true });
    await expect.poll(async () => (await fixture.get('/shop/v2/list')).status, { timeout: 15_000, interval: 200 }).toBe(200);
    expect(fixture.events).toContainEqual(expect.objectContaining({ app: 'shop-v2', message: 'new app served under /shop/v2' }));
  });

  it('leaves other apps untouched by a reload', async () => {
    expect(fixture.server.workspace.apps.get('exits')?.fn.versions).toHaveLength(1);
  });
});
