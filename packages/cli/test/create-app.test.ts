import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appConfigSource, tempWorkspace, writeFiles } from '@frontdesk/test-support';
import { describe, expect, it } from 'vitest';
import { findRepositoryRoot, parseCommandLine } from '../src/create-app/command-line.ts';
import { createApp, type CreateAppOptions } from '../src/create-app/create-app.ts';
import { CreateAppError, type CreateAppErrorCode } from '../src/create-app/errors.ts';
import { renderTemplate, templateFiles } from '../src/create-app/template.ts';

const manifestModule = fileURLToPath(import.meta.resolve('@frontdesk/gateway-core'));

/** A workspace whose apps are given as `name → [basePath, routes]`. */
function workspace(apps: Record<string, [string, Record<string, unknown>]> = {}, extra: Record<string, string> = {}): string {
  const files: Record<string, string> = { 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n', ...extra };
  for (const [name, [basePath, routes]] of Object.entries(apps)) {
    files[`apps/${name}/app.config.ts`] = appConfigSource(manifestModule, { name, owner: `team-${name}`, basePath, routes });
  }
  const root = tempWorkspace('create-app', files);
  mkdirSync(join(root, 'apps'), { recursive: true });
  return root;
}

const anyToken = { 'GET /': { scopes: [] } };

/** Expects a refusal with `code` whose message matches, and that apps/ is exactly as before. */
async function expectRefusal(
  root: string,
  options: Omit<CreateAppOptions, 'root' | 'owner'> & { owner?: string },
  code: CreateAppErrorCode,
  message: RegExp,
): Promise<void> {
  const before = readdirSync(join(root, 'apps'), { recursive: true }).sort();
  const error = await createApp({ root, owner: 'team-new', ...options }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CreateAppError);
  expect((error as CreateAppError).code).toBe(code);
  expect((error as CreateAppError).message).toMatch(message);
  expect(readdirSync(join(root, 'apps'), { recursive: true }).sort()).toEqual(before);
}

describe('createApp writes a new app', () => {
  it('renders every template file with the name, owner and base path', async () => {
    const root = workspace({ users: ['users', anyToken] });
    const plan = await createApp({ root, name: 'billing', owner: 'team-billing', basePath: 'billing/v1' });
    expect(plan.dir).toBe('apps/billing');
    expect(
      readdirSync(join(root, 'apps/billing'), { recursive: true })
        .filter((path) => path.toString().includes('.'))
        .sort(),
    ).toEqual(templateFiles());
    const read = (path: string) => readFileSync(join(root, 'apps/billing', path), 'utf8');
    expect(read('app.config.ts')).toContain("name: 'billing',");
    expect(read('app.config.ts')).toContain("owner: 'team-billing',");
    expect(read('app.config.ts')).toContain("basePath: 'billing/v1',");
    const pkg = JSON.parse(read('package.json')) as { name: string; scripts: Record<string, string> };
    expect(pkg.name).toBe('@apps/billing');
    expect(pkg.scripts.deploy).toContain('"frontdesk-${STAGE:-dev}-app-billing"');
    expect(pkg.scripts.destroy).toContain('"frontdesk-${STAGE:-dev}-app-billing"');
    for (const [path, text] of plan.files) expect(text, path).not.toMatch(/template-app|team-template|template-base-path/);
    // No staging folder is left behind.
    expect(readdirSync(join(root, 'apps')).sort()).toEqual(['billing', 'users']);
  });

  it('defaults the base path to the name, but never invents an owner', async () => {
    const plan = await createApp({ root: workspace(), name: 'billing', owner: '@acme/billing' });
    expect(plan.manifest).toMatchObject({ name: 'billing', owner: '@acme/billing', basePath: 'billing' });
    await expectRefusal(workspace(), { name: 'billing', owner: '' }, 'ERR_USAGE', /an owner is required/);
  });

  it('reports, without refusing, a nested base path that hides no route', async () => {
    const plan = await createApp({
      root: workspace({ shop: ['shop', { 'GET /cart': { scopes: [] } }] }),
      name: 'payments',
      owner: 'team-payments',
      basePath: 'shop/pay',
    });
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'nested-base-path' })]);
  });
});

describe('createApp refuses, writing nothing', () => {
  it('an invalid name, with the schema’s own message', async () => {
    await expectRefusal(workspace(), { name: 'Billing_2' }, 'ERR_INVALID_MANIFEST', /name must be 2-40 characters of lower-case letters/);
    await expectRefusal(workspace(), { name: 'b' }, 'ERR_INVALID_MANIFEST', /name must be 2-40 characters/);
    await expectRefusal(workspace(), { name: '../escape' }, 'ERR_INVALID_MANIFEST', /name must be/);
  });

  it('an invalid owner or base path', async () => {
    await expectRefusal(
      workspace(),
      { name: 'billing', owner: 'team billing' },
      'ERR_INVALID_MANIFEST',
      /owner must be a team or user handle/,
    );
    await expectRefusal(workspace(), { name: 'billing', basePath: '/billing' }, 'ERR_INVALID_MANIFEST', /basePath/);
  });

  it('an app that exists', async () => {
    await expectRefusal(
      workspace({ billing: ['billing', anyToken] }),
      { name: 'billing', basePath: 'pay' },
      'ERR_APP_EXISTS',
      /apps\/billing: it already exists/,
    );
  });

  it('a folder that exists even without a manifest', async () => {
    await expectRefusal(workspace({}, { 'apps/billing/README.md': 'notes\n' }), { name: 'billing' }, 'ERR_APP_EXISTS', /already exists/);
  });

  it('a name another folder’s manifest already uses', async () => {
    const root = workspace();
    writeFiles(root, {
      'apps/legacy/app.config.ts': appConfigSource(manifestModule, {
        name: 'billing',
        owner: 'team-a',
        basePath: 'legacy',
        routes: { 'GET /': { scopes: [] } },
      }),
    });
    await expectRefusal(root, { name: 'billing' }, 'ERR_WORKSPACE_CONFLICT', /2 apps are named "billing"/);
  });

  it('a base path another app uses', async () => {
    await expectRefusal(
      workspace({ users: ['users', anyToken] }),
      { name: 'billing', basePath: 'users' },
      'ERR_WORKSPACE_CONFLICT',
      /share base path "users"/,
    );
  });

  it('a base path nested under an app whose routes it would shadow', async () => {
    await expectRefusal(
      workspace({ shop: ['shop', { 'ANY /{proxy+}': { scopes: [] } }] }),
      { name: 'payments', basePath: 'shop/pay' },
      'ERR_WORKSPACE_CONFLICT',
      /base path "shop\/pay" \(app "payments"\) shadows routes of app "shop"[\s\S]*--base-path/,
    );
  });

  it('a base path under which another app would shadow the new app’s routes', async () => {
    // The template serves GET /hello; an existing app at shop/hello would hide it.
    await expectRefusal(
      workspace({ greeter: ['shop/hello', anyToken] }),
      { name: 'shop' },
      'ERR_WORKSPACE_CONFLICT',
      /shadows routes of app "shop" \(base path "shop"\): "GET \/hello"/,
    );
  });

  it('while another app’s manifest does not load', async () => {
    await expectRefusal(
      workspace({}, { 'apps/broken/app.config.ts': 'export const nothing = 1;\n' }),
      { name: 'billing' },
      'ERR_WORKSPACE_BROKEN',
      /apps\/broken\/app\.config\.ts: .*no default export/,
    );
  });
});

describe('the command line', () => {
  it('reads the name and options', () => {
    expect(parseCommandLine(['billing', '--owner', 'team-billing', '--base-path', 'pay'])).toEqual({
      name: 'billing',
      owner: 'team-billing',
      basePath: 'pay',
      install: true,
    });
    expect(parseCommandLine(['billing', '--no-install'])).toMatchObject({ install: false, owner: undefined, basePath: undefined });
  });

  it('refuses a missing or extra name and unknown options with the usage line', () => {
    for (const args of [[], ['a', 'b'], ['billing', '--team', 'x']]) {
      expect(() => parseCommandLine(args)).toThrow(
        expect.objectContaining({ code: 'ERR_USAGE', message: expect.stringContaining('usage: pnpm create-app <name>') }),
      );
    }
  });

  it('finds the repository root from a nested folder', () => {
    const root = workspace();
    mkdirSync(join(root, 'apps/x/src'), { recursive: true });
    expect(findRepositoryRoot(join(root, 'apps/x/src'))).toBe(root);
  });

  it('renders only the three placeholders', () => {
    const files = renderTemplate({ name: 'billing', owner: '@acme/billing', basePath: 'money/billing' });
    expect(files.get('app.config.ts')).toContain("owner: '@acme/billing',");
    expect(files.get('app.config.ts')).toContain("basePath: 'money/billing',");
    expect(files.get('app.config.ts')).toContain("description: 'What billing does, in one sentence.',");
  });
});
