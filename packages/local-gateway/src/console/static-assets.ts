import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_DIR } from '../package-dir.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

export interface StaticAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * The page: plain HTML, CSS and JavaScript modules in `src/console/static/`, served as they
 * are (no build step). Read once at start-up (a few tens of KB); keyed by the path under the
 * console prefix (`/`, `/main.js`, …). Only names of the form `name.ext` are served.
 */
export function loadStaticAssets(
  dir: URL = pathToFileURL(`${join(PACKAGE_DIR, 'src', 'console', 'static')}/`),
): ReadonlyMap<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const file of readdirSync(dir)) {
    const match = /^[a-z0-9-]+\.(html|css|js)$/.exec(file);
    if (!match) continue;
    assets.set(`/${file}`, { body: readFileSync(new URL(file, dir)), contentType: CONTENT_TYPES[match[1] as string] as string });
  }
  const index = assets.get('/index.html');
  if (!index) throw new Error(`the dev console's page is missing: ${new URL('index.html', dir).pathname}`);
  assets.set('/', index);
  assets.set('', index);
  return assets;
}

/**
 * The page loads nothing but its own two files and talks only to its own origin; it cannot be
 * framed (clickjacking the token panel) and sends no referrer.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};
