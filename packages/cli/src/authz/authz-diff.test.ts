import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log as SarifLog } from 'sarif';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { authzDiff } from './authz-diff.ts';
import type { Change } from './change.ts';
import type { AuthzReport } from './report.ts';
import { renderMarkdown } from './render-markdown.ts';
import { appFiles, infraFiles, TestRepo } from './test-repo.ts';

// Every test builds a real git history in a temp folder, then runs the real diff: the base is
// exported with git, both sides are synthesized by the real constructs in child processes.
const repos: TestRepo[] = [];
afterAll(() => {
  for (const repo of repos) repo.remove();
});
const repo = (files: Record<string, string>) => {
  const created = new TestRepo(files);
  repos.push(created);
  return created;
};
const find = (report: AuthzReport, app: string, subject: string) =>
  report.changes.filter((change) => change.app === app && change.subject === subject);
const only = (report: AuthzReport, app: string, subject: string): Change => {
  const found = find(report, app, subject);
  expect(found, `${app} ${subject}: ${JSON.stringify(report.changes, null, 2)}`).toHaveLength(1);
  return found[0]!;
};

const ORDERS = (routes: string, extra = '') =>
  `{ name: 'orders', owner: 'team-orders', basePath: 'orders', routes: { ${routes} }${extra} }`;
const BASE_ROUTES = `'GET /': { scopes: ['orders:read'] }, 'POST /': { scopes: ['orders:write', 'orders:create'] }, 'DELETE /{id}': { scopes: ['orders:admin'] }, 'GET /health': { auth: 'public', reason: 'Uptime probes carry no credentials.' }`;

describe('pnpm authz diff over real git histories', { timeout: 300_000 }, () => {
  it('reports routes that became public or lost a scope as needing the platform owner, with the stated reason', async () => {
    const history = repo(appFiles('orders', ORDERS(BASE_ROUTES)));
    history
      .branch('feature')
      .write(
        appFiles(
          'orders',
          ORDERS(
            `'GET /': { auth: 'public', reason: 'The catalogue is published anyway.' }, 'POST /': { scopes: ['orders:write'] }, 'DELETE /{id}': { scopes: ['orders:admin', 'orders:delete'] }, 'GET /health': { auth: 'public', reason: 'Uptime probes carry no credentials.' }, 'GET /{id}': { scopes: ['orders:read'] }`,
          ),
        ),
      );
    history.commit('loosen orders');
    const report = await authzDiff({ root: history.root });

    expect(report.base.ref).toBe('merge-base(HEAD, main)');
    expect(report.scope).toEqual({ apps: ['orders'], shared: false });
    expect(only(report, 'orders', 'GET /')).toMatchObject({
      kind: 'route-public',
      review: 'platform',
      title: 'became public (was scopes `orders:read`)',
      file: 'apps/orders/app.config.ts',
      line: 2,
    });
    expect(only(report, 'orders', 'GET /').reason).toContain('“The catalogue is published anyway.”');
    expect(only(report, 'orders', 'POST /')).toMatchObject({
      kind: 'scope-removed',
      review: 'platform',
      title: 'scope requirement removed: `orders:create` (now scopes `orders:write`)',
    });
    expect(only(report, 'orders', 'DELETE /{id}')).toMatchObject({ kind: 'scope-added', review: 'routine' });
    expect(only(report, 'orders', 'GET /{id}')).toMatchObject({ kind: 'route-added', review: 'app-owner' });
    expect(report.summary).toBe('2 routes became reachable with fewer privileges; 1 route added; 1 route narrowed');
    expect(report.platformReviewRequired).toBe(true);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('## Authorization review: 🔴 Platform review required');
    expect(markdown).toContain('| 🔴 platform | GET / | became public (was scopes `orders:read`) |');
  });

  it('classifies narrowing as routine', async () => {
    const history = repo(appFiles('orders', ORDERS(BASE_ROUTES)));
    history.write(
      appFiles(
        'orders',
        ORDERS(
          `'GET /': { scopes: ['orders:read', 'orders:list'] }, 'POST /': { scopes: ['orders:write', 'orders:create'] }, 'GET /health': { scopes: [] }`,
        ),
      ),
    );
    const report = await authzDiff({ root: history.root, base: 'HEAD' });
    expect(report.head).toBe('the working tree');
    expect(report.changes.map((change) => `${change.subject} ${change.kind} ${change.review}`).sort()).toEqual([
      'DELETE /{id} route-removed routine',
      'GET / scope-added routine',
      'GET /health route-protected routine',
    ]);
    expect(report).toMatchObject({
      review: 'routine',
      platformReviewRequired: false,
      summary: '2 routes narrowed; 1 route or app removed',
    });
  });

  it('the CLI exits 1 when platform review is required, writing SARIF located at the manifest line, and 2 on a base that is not a commit', async () => {
    const history = repo(appFiles('orders', ORDERS(BASE_ROUTES)));
    history.write(appFiles('orders', ORDERS(`'GET /': { scopes: [] }`)));
    const run = await cli(history.root, ['diff', '--base', 'main', '--format', 'sarif', '--output', 'out/authz.sarif']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('1 route became reachable with fewer privileges; 3 routes or apps removed — platform review required\n');
    const sarif = JSON.parse(readFileSync(join(history.root, 'out/authz.sarif'), 'utf8')) as SarifLog;
    const results = sarif.runs[0]!.results ?? [];
    expect(results).toEqual([expect.objectContaining({ ruleId: 'FD-AUTHZ-scope-removed', level: 'error' })]);
    expect(results[0]!.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'apps/orders/app.config.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2 },
    });
    const wrong = await cli(history.root, ['diff', '--base', 'no-such-branch']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--base no-such-branch is not a commit in this repository');
  });

  it('sees a new secret as a manifest change and a grant on the new secret, both the app owner’s', async () => {
    const history = repo(appFiles('orders', ORDERS(BASE_ROUTES)));
    history.write(
      appFiles(
        'orders',
        ORDERS(BASE_ROUTES, `, secrets: { 'api-key': { source: 'secretsmanager', description: 'The payment provider key.' } }`),
      ),
    );
    const report = await authzDiff({ root: history.root, base: 'HEAD' });
    expect(only(report, 'orders', 'secrets')).toMatchObject({
      kind: 'manifest-field',
      review: 'app-owner',
      title: 'secrets changed: +secrets.api-key',
    });
    const grants = find(report, 'orders', 'App/FunctionRole');
    expect(grants.map((grant) => `${grant.review}: ${grant.title}`).sort()).toEqual([
      'app-owner: new secret grant: App/FunctionRole may secretsmanager:DescribeSecret on ${App/Secrets/ApiKey}',
      'app-owner: new secret grant: App/FunctionRole may secretsmanager:GetSecretValue on ${App/Secrets/ApiKey}',
    ]);
    expect(grants[0]!.reason).toBe("App/Secrets/ApiKey is created by this change inside the app's own stack");
    expect(report.platformReviewRequired).toBe(false);
    expect(report.summary).toBe('2 grants added; 1 other change');
  });

  it('reports owner, base path, throttling and authorizer caching changes by who must look', async () => {
    const history = repo(appFiles('orders', ORDERS(BASE_ROUTES)));
    history.write(
      appFiles(
        'orders',
        `{ name: 'orders', owner: 'team-payments', basePath: 'shop/orders', routes: { ${BASE_ROUTES} }, throttle: { rateLimit: 500, burstLimit: 100 }, authorizer: { cacheTtlSeconds: 300 } }`,
      ),
    );
    const previous = process.env.FRONTDESK_DPOP;
    process.env.FRONTDESK_DPOP = 'off'; // caching is refused while DPoP is on (checkAuthorizerCaching)
    let report: AuthzReport;
    try {
      report = await authzDiff({ root: history.root, base: 'HEAD' });
    } finally {
      if (previous === undefined) delete process.env.FRONTDESK_DPOP;
      else process.env.FRONTDESK_DPOP = previous;
    }
    expect(only(report, 'orders', 'owner')).toMatchObject({ review: 'platform', title: 'owner team-orders → team-payments' });
    expect(only(report, 'orders', 'basePath')).toMatchObject({ review: 'app-owner', title: 'base path /orders → /shop/orders' });
    expect(
      find(report, 'orders', 'throttle')
        .map((change) => `${change.review}: ${change.title}`)
        .sort(),
    ).toEqual(['app-owner: throttle rateLimit raised 100 → 500', 'routine: throttle burstLimit lowered 200 → 100']);
    expect(find(report, 'orders', 'authorizer').map((change) => `${change.review}: ${change.title}`)).toEqual([
      'platform: authorizer cache TTL 0 s → 300 s',
    ]);
    expect(report.summary).toBe('1 caching or throttling safeguard weakened; 1 owner changed; 3 other changes');
  });

  it('reports a new app, and its public route as the platform’s', async () => {
    const history = repo(appFiles('orders', ORDERS(BASE_ROUTES)));
    history.write(
      appFiles(
        'billing',
        `{ name: 'billing', owner: 'team-billing', basePath: 'billing', routes: { 'GET /invoices': { scopes: ['billing:read'] }, 'GET /status': { auth: 'public', reason: 'The status page is public by design.' } } }`,
      ),
    );
    const report = await authzDiff({ root: history.root, base: 'HEAD' });
    expect(report.scope).toEqual({ apps: ['billing'], shared: false });
    expect(only(report, 'billing', 'app')).toMatchObject({
      kind: 'app-added',
      review: 'app-owner',
      title: 'new app owned by team-billing at /billing',
    });
    expect(only(report, 'billing', 'GET /status')).toMatchObject({ kind: 'route-public', review: 'platform', title: 'new public route' });
    expect(only(report, 'billing', 'GET /invoices')).toMatchObject({ kind: 'route-added', review: 'app-owner' });
    // Its function's grants are on its own new log group, or on X-Ray's allow-listed "*".
    const grants = report.changes.filter((change) => change.kind.startsWith('grant'));
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.every((change) => change.review === 'app-owner')).toBe(true);
  });

  it('reports a manifest that no longer loads, and nothing at all for a change outside apps', async () => {
    const history = repo(appFiles('orders', ORDERS(BASE_ROUTES)));
    history.write({ 'docs/notes.md': '# notes\n' });
    const run = await cli(history.root, ['diff', '--base', 'HEAD', '--format', 'json']);
    expect(run.code).toBe(0);
    const quiet = JSON.parse(run.stdout) as AuthzReport;
    expect(quiet).toMatchObject({
      changes: [],
      summary: 'No authorization changes.',
      review: 'none',
      platformReviewRequired: false,
      scope: { apps: [], shared: false },
    });
    history.write({ 'apps/orders/app.config.ts': `import { defineApp } from 'nowhere';\nexport default defineApp({});\n` });
    const broken = await authzDiff({ root: history.root, base: 'HEAD' });
    expect(broken.changes).toEqual([
      expect.objectContaining({ app: 'orders', kind: 'app-broken', review: 'platform', title: 'manifest does not load' }),
    ]);
  });

  it('reports shared authorizer settings and widened shared grants as the platform’s', async () => {
    const history = repo({ ...appFiles('orders', ORDERS(BASE_ROUTES)), ...infraFiles() });
    history.write(
      infraFiles({
        issuer: 'https://other-idp.example.com/',
        audience: ['https://api.example.com', 'https://partner.example.com'],
        algorithms: ['RS256', 'ES256', 'PS256'],
        dpop: 'off',
        extraStatements: [
          `{ actions: ['s3:*'], resources: ['*'] }`,
          `{ actions: ['dynamodb:Scan'], resources: [(this.gateway as any).replayTable.tableArn] }`.replace(
            '(this.gateway as any).replayTable.tableArn',
            "'arn:aws:dynamodb:eu-west-1:111122223333:table/other-team'",
          ),
        ],
      }),
    );
    const report = await authzDiff({ root: history.root, base: 'HEAD', stage: 'dev' });
    expect(report.scope).toEqual({ apps: [], shared: true });
    const shared = report.changes.filter((change) => change.app === 'infra');
    expect(shared.map((change) => change.title)).toEqual(
      expect.arrayContaining([
        'authorizer issuer: https://login.example.com/ → https://other-idp.example.com/',
        'authorizer audiences: https://api.example.com → https://api.example.com,https://partner.example.com',
        'authorizer algorithms: RS256,ES256 → RS256,ES256,PS256',
        'authorizer DPoP mode: optional → off',
        'grant widened: Gateway/AuthorizerRole may s3:* on *',
        'grant added to the shared stack: Gateway/AuthorizerRole may dynamodb:Scan on arn:aws:dynamodb:eu-west-1:111122223333:table/other-team',
      ]),
    );
    expect(shared.find((change) => change.subject === 'authorizer audiences')?.reason).toBe(
      'tokens minted for https://partner.example.com are now accepted by every app',
    );
    expect(shared.find((change) => change.subject === 'authorizer DPoP mode')?.reason).toContain('weaker proof of possession');
    // DPoP off drops the replay table, and with it the authorizer's grant on it: that narrows.
    expect(shared.filter((change) => change.review !== 'platform').map((change) => `${change.review}: ${change.title}`)).toEqual([
      'routine: grant removed: Gateway/AuthorizerRole dynamodb:PutItem on ${Gateway/ReplayTable.Arn}',
    ]);
    expect(report.summary).toMatch(/^\d+ grants? widened; 4 shared authorizer settings changed/);
  });
});

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

async function cli(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN, ...args], {
      cwd,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; code: number };
    return { stdout: failure.stdout, stderr: failure.stderr, code: failure.code };
  }
}
