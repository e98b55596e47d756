import { describe, expect, it } from 'vitest';
import { defineApp } from '../manifest/define-app.ts';
import { TABLES_ENV, tableName } from './table-name.ts';

const manifest = defineApp({
  name: 'shop',
  owner: 'team-shop',
  basePath: 'shop',
  routes: { 'GET /': { scopes: ['shop:read'] } },
  tables: { carts: { partitionKey: 'owner', access: 'readWrite' } },
});

describe('tableName', () => {
  it('reads the physical name the stack (or pnpm dev) set, typed by the manifest', () => {
    const env = { [TABLES_ENV]: JSON.stringify({ carts: 'frontdesk-dev-shop-carts' }) };
    expect(tableName<typeof manifest>('carts', env)).toBe('frontdesk-dev-shop-carts');
    // @ts-expect-error: "cart" is not a declared table of this manifest.
    expect(() => tableName<typeof manifest>('cart', env)).toThrow('table "cart" is not declared for this app (declared: carts)');
  });

  it('says what to declare when nothing or garbage is configured', () => {
    expect(() => tableName('carts', {})).toThrow(
      expect.objectContaining({
        code: 'ERR_TABLES_NOT_CONFIGURED',
        message: expect.stringContaining('declare it under "tables" in app.config.ts'),
      }),
    );
    expect(() => tableName('carts', { [TABLES_ENV]: '{' })).toThrow(expect.objectContaining({ code: 'ERR_TABLES_NOT_CONFIGURED' }));
    expect(() => tableName('__proto__', { [TABLES_ENV]: '{}' })).toThrow(expect.objectContaining({ code: 'ERR_TABLE_NOT_DECLARED' }));
  });
});
