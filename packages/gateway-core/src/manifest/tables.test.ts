import { describe, expect, it } from 'vitest';
import { defineApp } from './define-app.ts';
import type { AppManifestInput } from './schema.ts';

const base = { name: 'shop', owner: 'team-shop', basePath: 'shop', routes: { 'GET /': { scopes: ['shop:read'] } } } as const;
const withTables = (tables: unknown) => () => defineApp({ ...base, tables } as AppManifestInput);

describe('manifest tables', () => {
  it('normalises keys and keeps the declared access', () => {
    const manifest = defineApp({
      ...base,
      tables: { carts: { partitionKey: 'owner', sortKey: { name: 'at', type: 'number' }, access: 'read' } },
    });
    expect(manifest.tables.carts).toEqual({
      partitionKey: { name: 'owner', type: 'string' },
      sortKey: { name: 'at', type: 'number' },
      access: 'read',
    });
    expect(defineApp(base).tables).toEqual({});
  });

  it('refuses tables without a valid access, key or name, saying what is allowed', () => {
    expect(withTables({ carts: { partitionKey: 'owner' } })).toThrow('access must be "read", "write" or "readWrite"');
    expect(withTables({ carts: { partitionKey: 'owner', access: 'admin' } })).toThrow('access must be "read", "write" or "readWrite"');
    expect(withTables({ carts: { partitionKey: 'owner', access: 'read', grants: ['*'] } })).toThrow(/grants/);
    expect(withTables({ carts: { partitionKey: 'a b', access: 'read' } })).toThrow('a key attribute name is');
    expect(withTables({ carts: { partitionKey: 'id', sortKey: 'id', access: 'read' } })).toThrow(
      'the sort key must be a different attribute',
    );
    expect(withTables({ Carts: { partitionKey: 'id', access: 'read' } })).toThrow('a table name is 1-40 lower-case letters');
  });
});
