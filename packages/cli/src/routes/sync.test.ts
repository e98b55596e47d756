import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORDERS, testWorkspace } from '../lint-policy/test-workspace.ts';
import { CODEOWNERS, ROUTES_DOC, syncRoutes } from './sync.ts';
import { existsSync } from 'node:fs';

const USERS = `{ name: 'users', owner: '@acme/identity', basePath: 'users', routes: { 'GET /health': { auth: 'public', reason: 'Uptime probes carry no credentials.' }, 'GET /me': { scopes: [] } } }`;

describe('syncRoutes', () => {
  it('writes the route doc and the CODEOWNERS block, then finds nothing stale', async () => {
    const root = testWorkspace({ orders: ORDERS, users: USERS });
    const first = await syncRoutes(root);
    expect(first.stale.sort()).toEqual([CODEOWNERS, ROUTES_DOC, 'docs/openapi/orders.json', 'docs/openapi/users.json'].sort());
    expect(first.table.split('\n')[0]).toMatch(/^app\s+owner\s+method\s+external path\s+auth\s+scopes$/);
    expect(first.table).toMatch(/users\s+@acme\/identity\s+GET\s+\/users\/health\s+public/);
    expect(first.table).toMatch(/users\s+@acme\/identity\s+GET\s+\/users\/me\s+authorizer\s+\(any valid token\)/);
    expect(readFileSync(join(root, ROUTES_DOC), 'utf8')).toContain(
      '| orders | team-orders | `GET` | `/orders/{id}` | authorizer | orders:read |',
    );
    expect(readFileSync(join(root, CODEOWNERS), 'utf8')).toContain('/apps/orders/ @team-orders\n/apps/users/ @acme/identity\n');
    expect((await syncRoutes(root, { check: true })).stale).toEqual([]);
  });

  it('--check reports stale files without writing them', async () => {
    const root = testWorkspace({ orders: ORDERS });
    await syncRoutes(root);
    writeFileSync(join(root, ROUTES_DOC), 'edited by hand\n');
    const check = await syncRoutes(root, { check: true });
    expect(check.stale).toEqual([ROUTES_DOC]);
    expect(readFileSync(join(root, ROUTES_DOC), 'utf8')).toBe('edited by hand\n');
  });

  it('keeps hand-written CODEOWNERS rules and replaces only its block', async () => {
    const root = testWorkspace({ orders: ORDERS }, { [CODEOWNERS]: '* @acme/platform\n/.github/ @acme/platform\n' });
    await syncRoutes(root);
    const text = readFileSync(join(root, CODEOWNERS), 'utf8');
    expect(text.startsWith('* @acme/platform\n/.github/ @acme/platform\n\n# BEGIN frontdesk apps')).toBe(true);
    writeFileSync(join(root, CODEOWNERS), text.replace('@team-orders', '@someone-else'));
    expect((await syncRoutes(root, { check: true })).stale).toEqual([CODEOWNERS]);
    await syncRoutes(root);
    expect(readFileSync(join(root, CODEOWNERS), 'utf8')).toBe(text);
  });

  it('writes nothing while a manifest is broken', async () => {
    const root = testWorkspace({ orders: `{ name: 'orders', owner: 'team-orders', basePath: '/orders', routes: {} }` });
    const outcome = await syncRoutes(root);
    expect(outcome.broken[0]).toContain('basePath');
    expect(outcome.stale).toEqual([]);
  });

  it('writes each app’s OpenAPI 3.1 description with its security scheme and per-operation scopes; --check covers it', async () => {
    const root = testWorkspace({ orders: ORDERS, users: USERS });
    await syncRoutes(root);
    const users = JSON.parse(readFileSync(join(root, 'docs/openapi/users.json'), 'utf8')) as Record<string, any>;
    expect(users.openapi).toBe('3.1.0');
    expect(users.servers).toEqual([expect.objectContaining({ url: '/users' })]);
    expect(users.components.securitySchemes.frontdesk).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(users.paths['/me'].get.security).toEqual([{ frontdesk: [] }]);
    expect(users.paths['/health'].get).toMatchObject({ security: [], 'x-frontdesk-public-reason': 'Uptime probes carry no credentials.' });
    const orders = JSON.parse(readFileSync(join(root, 'docs/openapi/orders.json'), 'utf8')) as Record<string, any>;
    expect(orders.paths['/{id}']).toMatchObject({
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { security: [{ frontdesk: ['orders:read'] }] },
    });
    writeFileSync(join(root, 'docs/openapi/orders.json'), '{}\n');
    expect((await syncRoutes(root, { check: true })).stale).toEqual(['docs/openapi/orders.json']);
  });

  it('treats the description of an app that no longer exists as stale and removes it', async () => {
    const root = testWorkspace({ orders: ORDERS });
    await syncRoutes(root);
    writeFileSync(join(root, 'docs/openapi/billing.json'), '{}\n');
    expect((await syncRoutes(root, { check: true })).stale).toEqual(['docs/openapi/billing.json']);
    await syncRoutes(root);
    expect(existsSync(join(root, 'docs/openapi/billing.json'))).toBe(false);
    expect(existsSync(join(root, 'docs/openapi/orders.json'))).toBe(true);
  });
});
