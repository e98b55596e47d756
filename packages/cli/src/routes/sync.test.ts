import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORDERS, testWorkspace } from '../lint-policy/test-workspace.ts';
import { CODEOWNERS, ROUTES_DOC, syncRoutes } from './sync.ts';

const USERS = `{ name: 'users', owner: '@acme/identity', basePath: 'users', routes: { 'GET /health': { auth: 'public', reason: 'Uptime probes carry no credentials.' }, 'GET /me': { scopes: [] } } }`;

describe('syncRoutes', () => {
  it('writes the route doc and the CODEOWNERS block, then finds nothing stale', async () => {
    const root = testWorkspace({ orders: ORDERS, users: USERS });
    const first = await syncRoutes(root);
    expect(first.stale.sort()).toEqual([CODEOWNERS, ROUTES_DOC].sort());
    expect(first.table.split('\n')[0]).toMatch(/^app\s+owner\s+method\s+external path\s+auth\s+scopes$/);
    expect(first.table).toMatch(/users\s+@acme\/identity\s+GET\s+\/users\/health\s+public/);
    expect(first.table).toMatch(/users\s+@acme\/identity\s+GET\s+\/users\/me\s+authorizer\s+\(any valid token\)/);
    expect(readFileSync(join(root, ROUTES_DOC), 'utf8')).toContain('| orders | team-orders | `GET` | `/orders/{id}` | authorizer | orders:read |');
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
});
