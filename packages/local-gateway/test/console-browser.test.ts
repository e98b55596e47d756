import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mintDevToken } from '../src/cli/dev-token.ts';
import { startDevServer, type DevServer } from '../src/dev-server.ts';
import { launchBrowser, type Browser } from './helpers/browser.ts';
import { exampleWorkspace } from './helpers/example-workspace.ts';

/**
 * The dev console in a real browser (Debian's chromium through playwright-core): the page loads,
 * requests sent through the gateway appear with the right decision, filters, the detail, copy as
 * curl and the token panel work, and thousands of requests keep the page light. It also makes
 * the README's screenshot: written to docs/console.png when FRONTDESK_UPDATE_SCREENSHOT=1
 * (`pnpm --filter @frontdesk/local-gateway screenshot`), to a temporary file otherwise.
 */
const SCREENSHOT = fileURLToPath(new URL('../../../docs/console.png', import.meta.url));
// Generous waits: `pnpm test` runs every workspace at once on 2 cores, and a browser start-up there takes seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
const POLL = { timeout: 60_000, interval: 100 };
const shell = async (command: string) => (await promisify(execFile)('sh', ['-c', command], { encoding: 'utf8' })).stdout;

let root: string;
let server: DevServer;
let browser: Browser;
let page: Page;
const measured: Record<string, number> = {};

beforeAll(async () => {
  root = exampleWorkspace();
  server = await startDevServer({
    root,
    port: 0,
    lambdaPort: 0,
    env: { STAGE: 'dev' },
    watch: false,
    logSink: { write: () => undefined, pretty: false },
  });
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await browser.context.newPage();
  page.setDefaultTimeout(120_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
  // The figures the README quotes; the suite asserts no timings.
  console.log(`dev console measurements: ${JSON.stringify(measured)}`);
});

const token = (scopes: string[], sub = 'alice') =>
  mintDevToken({ root, env: { FRONTDESK_PORT: new URL(server.url).port }, sub, scopes, ttlSeconds: 600, dpop: false });
const call = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${server.url}${path}`, init);
  await response.arrayBuffer();
  return response.headers.get('apigw-requestid') as string;
};
const row = (id: string) => page.locator(`.viewport .row[data-id="${id}"]`);
const cells = async (id: string) => row(id).locator('span').allTextContents();

describe('the dev console in headless Chromium', () => {
  it('loads (its load time is measured and reported) and shows every app with its routes and worker state', async () => {
    const timing = () =>
      page.evaluate(() => {
        // Runs in the page (DOM types are not in this package's compilation).
        const timings = performance as unknown as {
          getEntriesByType(type: string): Array<{ domContentLoadedEventEnd: number; loadEventEnd: number; transferSize: number }>;
        };
        const entry = timings.getEntriesByType('navigation')[0] as {
          domContentLoadedEventEnd: number;
          loadEventEnd: number;
          transferSize: number;
        };
        return {
          domContentLoaded: Math.round(entry.domContentLoadedEventEnd),
          load: Math.round(entry.loadEventEnd),
          bytes: entry.transferSize,
        };
      });
    await page.goto(server.consoleUrl as string);
    await page.waitForSelector('.conn[data-state="live"]');
    const first = await timing();
    measured.firstLoadMs = first.load;
    // Again, with the browser's own start-up behind it: what a developer sees opening the page.
    await page.reload();
    await page.waitForSelector('.conn[data-state="live"]');
    const again = await timing();
    measured.loadMs = again.load;
    measured.domContentLoadedMs = again.domContentLoaded;
    await page.click('[data-tab=apps]');
    const orders = page.locator('article.app[data-app="orders"]');
    await expect.poll(() => orders.locator('h2').textContent(), POLL).toBe('orders');
    expect(await orders.locator('header code').textContent()).toBe('/orders');
    expect(await orders.locator('header').textContent()).toContain('owner team-orders');
    expect(await orders.locator('.worker').textContent()).toBe('cold');
    expect(await orders.locator('table.routes').textContent()).toContain('orders:write');
    expect(await page.locator('article.app[data-app="users"] table.routes').textContent()).toContain('public — ');
    await call('/users/health');
    // The worker's new state is pushed, no reload needed.
    await expect.poll(() => page.locator('article.app[data-app="users"] .worker').textContent(), POLL).toBe('warm');
    await page.click('[data-tab=requests]');
  });

  it('shows requests sent through the gateway as they happen, each with its decision and denial code', async () => {
    const reader = await token(['orders:read', 'orders:write']);
    const ids = {
      allow: await call('/orders/', { headers: { authorization: `Bearer ${reader}` } }),
      created: await call('/orders/', {
        method: 'POST',
        headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/json' },
        body: '{"item":"coffee","quantity":2}',
      }),
      deny: await call('/orders/', { headers: { authorization: `Bearer ${await token(['users:read'], 'bob')}` } }),
      unauthorized: await call('/orders/'),
      public: await call('/users/health'),
      none: await call('/nowhere'),
    };
    await row(ids.none).waitFor();
    expect(await cells(ids.allow)).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/),
      'GET',
      '/orders/',
      'orders',
      'GET /',
      '200',
      expect.stringMatching(/ ms$/),
      'allow',
    ]);
    expect(await cells(ids.created)).toEqual([
      expect.any(String),
      'POST',
      '/orders/',
      'orders',
      'POST /',
      '201',
      expect.any(String),
      'allow',
    ]);
    expect((await cells(ids.deny)).slice(5).concat()).toEqual(['403', expect.any(String), 'deny · insufficient_scope']);
    expect((await cells(ids.unauthorized)).slice(5)).toEqual(['401', expect.any(String), 'unauthorized']);
    expect((await cells(ids.public)).slice(3)).toEqual(['users', 'GET /health', '200', expect.any(String), 'public']);
    expect((await cells(ids.none)).slice(3)).toEqual(['—', '—', '404', expect.any(String), 'none']);
    // Newest on top.
    expect(await page.locator('.viewport .row:not([hidden])').first().getAttribute('data-id')).toBe(ids.none);
  });

  it('filters by app, status and decision', async () => {
    const shown = async () =>
      page
        .locator('.viewport .row:not([hidden])')
        .evaluateAll((rows) =>
          rows.map((element) => [
            (element as unknown as { dataset: Record<string, string> }).dataset.decision,
            element.children[3]?.textContent,
            element.children[5]?.textContent,
          ]),
        );
    await page.selectOption('#filter-decision', 'deny');
    await expect
      .poll(async () => (await shown()).every(([decision]) => decision === 'deny') && (await shown()).length > 0, POLL)
      .toBe(true);
    await page.selectOption('#filter-decision', '');
    await page.selectOption('#filter-status', '401');
    await expect.poll(async () => (await shown()).map(([, , status]) => status), POLL).toEqual(['401']);
    await page.selectOption('#filter-status', '2xx');
    await page.selectOption('#filter-app', 'users');
    await expect.poll(async () => (await shown()).every(([, app, status]) => app === 'users' && status?.startsWith('2')), POLL).toBe(true);
    expect(await page.locator('#count').textContent()).toMatch(/^\d+ of \d+ requests$/);
    await page.selectOption('#filter-app', '');
    await page.selectOption('#filter-status', '');
  });

  it("shows a request's detail: decision, event, answer, log lines — with the token redacted — and copies it as a working curl", async () => {
    const writer = await token(['orders:write']);
    const id = await call('/orders/', {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
      body: '{"item":"tea","quantity":1}',
    });
    await row(id).click();
    const detail = page.locator('#detail');
    await detail.locator('h2').waitFor();
    const text = (await detail.textContent()) as string;
    expect(text).toContain('allowed');
    expect(text).toContain('"routeKey": "POST /"');
    expect(text).toContain('"requestContext.authorizer.lambda"');
    expect(text).toMatch(/INFO\s*order placed/);
    expect(text).toMatch(/Bearer ‹redacted \d+ chars #[0-9a-f]{8}›/);
    expect(await page.content()).not.toContain(writer.split('.')[2]);

    await detail.locator('#copy-curl').click();
    // The button fetches the unredacted command first; read it once the page has shown it.
    await page.locator('#detail-curl').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#copy-curl').textContent(), POLL).not.toBe('Copy as curl');
    const curl = (await page.locator('#detail-curl').textContent()) as string;
    expect(curl).toContain(`authorization: Bearer ${writer}`);
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
      ),
    ).toBe(curl);
    expect(await shell(`${curl} -s -o /dev/null -w '%{http_code}'`)).toBe('201');
  });

  it('mints Bearer and DPoP-bound tokens in the token panel that the gateway accepts', async () => {
    await page.click('[data-tab=token]');
    await page.fill('#token-form input[name=sub]', 'carol');
    await page.fill('#token-form input[name=scopes]', 'orders:read');
    await page.click('#token-form button[type=submit]');
    await page.locator('#token-result').waitFor();
    const bearer = await page.inputValue('#token-value');
    expect(await page.locator('#token-claims').textContent()).toContain('"sub": "carol"');
    const id = await call('/orders/', { headers: { authorization: `Bearer ${bearer}` } });

    await page.check('#token-form input[value=DPoP]');
    await page.click('#token-form button[type=submit]');
    await expect.poll(() => page.locator('#token-claims').textContent(), POLL).toContain('"jkt"');
    await page.fill('#curl-form input[name=path]', '/orders/');
    await page.click('#curl-form button[type=submit]');
    await page.locator('#token-curl').waitFor();
    const curl = (await page.locator('#token-curl').textContent()) as string;
    expect(curl).toMatch(/authorization: DPoP [\w-]+\.[\w-]+\.[\w-]+/);
    expect(await shell(`${curl} -s -o /dev/null -w '%{http_code}'`)).toBe('200');

    await page.click('[data-tab=requests]');
    expect((await cells(id)).slice(5)).toEqual(['200', expect.any(String), 'allow']);
    await expect
      .poll(async () => (await page.locator('.viewport .row:not([hidden])').first().locator('span').allTextContents()).slice(5), POLL)
      .toEqual(['200', expect.any(String), 'allow']);
  });

  it('shows what a request carries as text, never as markup (any web page can send requests to the gateway)', async () => {
    const id = await call('/nowhere', { headers: { 'x-probe': '<img src=x onerror="window.__injected=1">' } });
    await row(id).click();
    await expect.poll(() => page.locator('#detail').textContent(), POLL).toContain('<img src=x onerror="window.__injected=1">');
    expect(await page.locator('#detail img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __injected?: number }).__injected)).toBeUndefined();
  });

  it('makes the README screenshot', async () => {
    const denied = await call('/orders/', { headers: { authorization: `Bearer ${await token(['users:read'], 'bob')}` } });
    await call('/users/me', { headers: { authorization: `Bearer ${await token([])}` } });
    await row(denied).click();
    await page.locator('#detail h2').waitFor();
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-shot-'));
    const file = join(dir, 'console.png');
    await page.screenshot({ path: file });
    if (process.env.FRONTDESK_UPDATE_SCREENSHOT === '1') copyFileSync(file, SCREENSHOT);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps working with thousands of requests: every one is counted, only the rows in view are in the page', async () => {
    await page.click('#detail button[aria-label=Close]');
    const total = 3000;
    const before = Number(((await page.locator('#count').textContent()) as string).split(' ')[0]);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          next += 1;
          await call(`/nowhere/${next}`);
        }
      }),
    );
    measured.sent3000Ms = Math.round(performance.now() - started);
    await expect.poll(() => page.locator('#count').textContent(), POLL).toBe(`${before + total} requests`);
    measured.listedAfterSendMs = Math.round(performance.now() - started - measured.sent3000Ms);
    expect(await page.locator('.viewport .row').count()).toBeLessThan(120);
    await page.locator('#viewport').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect.poll(() => page.locator('.viewport .row:not([hidden])').last().getAttribute('data-id'), POLL).toBeTruthy();
    const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    measured.pageHeapMb = Math.round(heap / 1024 / 1024);
    measured.serverBytesHeld = server.requestLog?.bytes ?? 0;
  });
});
