import { describe, expect, it } from 'vitest';
import { defineApp, type AppManifestInput } from '../../manifest/index.ts';
import { publicGreedyRoute } from './public-greedy-route.ts';

const PUBLIC = { auth: 'public', reason: 'Fixture: open to everyone on purpose.' } as const;

function findings(routes: AppManifestInput['routes']) {
  const manifest = defineApp({ name: 'shop', owner: 'team-shop', basePath: 'shop', routes });
  return publicGreedyRoute.check({ apps: [{ dir: 'apps/shop', manifestFile: 'apps/shop/app.config.ts', manifest }] });
}

describe('FD-ROUTE-004: public greedy routes over protected routes', () => {
  it('warns when the greedy prefix covers a protected route, naming both', () => {
    const [finding, ...rest] = findings({ 'GET /assets/{proxy+}': PUBLIC, 'GET /assets/admin/report': { scopes: ['shop:admin'] } });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'FD-ROUTE-004',
      level: 'warning',
      app: 'shop',
      anchor: 'GET /assets/{proxy+}',
      file: 'apps/shop/app.config.ts',
    });
    expect(finding?.message).toContain('"GET /assets/admin/report"');
  });

  it('treats a root greedy route, a public $default, ANY and parameters as covering', () => {
    expect(findings({ 'GET /{proxy+}': PUBLIC, 'GET /admin': { scopes: [] } })[0]?.level).toBe('warning');
    expect(findings({ $default: PUBLIC, 'POST /orders': { scopes: [] } })[0]?.level).toBe('warning');
    expect(findings({ 'ANY /files/{proxy+}': PUBLIC, 'DELETE /files/{id}': { scopes: [] } })[0]?.level).toBe('warning');
    expect(findings({ 'GET /{tenant}/{proxy+}': PUBLIC, 'GET /acme/admin': { scopes: [] } })[0]?.level).toBe('warning');
    expect(findings({ 'GET /assets/{proxy+}': PUBLIC, 'GET /Assets/admin': { scopes: [] } })[0]?.level).toBe('warning');
  });

  it('notes (without warning) a public greedy route beside protected routes it does not cover: the repro of issue 11', () => {
    const result = findings({ 'GET /assets/{proxy+}': PUBLIC, 'GET /admin/report': { scopes: ['shop:admin'] } });
    expect(result.map((finding) => finding.level)).toEqual(['note']);
  });

  it('finds nothing for other methods, sibling prefixes, protected greedy routes or all-public apps', () => {
    expect(findings({ 'GET /assets/{proxy+}': PUBLIC, 'POST /assets/upload': { scopes: [] } }).map((f) => f.level)).toEqual(['note']);
    expect(findings({ 'GET /assets/{proxy+}': PUBLIC, 'GET /assets': { scopes: [] } }).map((f) => f.level)).toEqual(['note']);
    expect(findings({ 'GET /files/{proxy+}': { scopes: ['x:y'] }, 'GET /files/admin': { scopes: [] } })).toEqual([]);
    expect(findings({ 'GET /assets/{proxy+}': PUBLIC, 'GET /health': PUBLIC })).toEqual([]);
  });
});
