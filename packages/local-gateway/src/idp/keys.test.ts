import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateKey } from './keys.ts';

let root: string | undefined;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

describe('loadOrCreateKey', () => {
  it('gives every concurrent first caller the same key (two pnpm dev, or pnpm dev and pnpm -s run token, starting at once)', async () => {
    root = mkdtempSync(join(tmpdir(), 'frontdesk-keys-'));
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKey(root!, 'idp/signing-key')));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    expect((await loadOrCreateKey(root, 'idp/signing-key')).kid).toBe(keys[0]!.kid);
  });
});
