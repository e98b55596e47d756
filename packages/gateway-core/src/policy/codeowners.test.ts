import { describe, expect, it } from 'vitest';
import { codeownersHandle, ownersOf, parseCodeowners, patternMatches } from './codeowners.ts';

describe('CODEOWNERS', () => {
  it('matches patterns the way GitHub does', () => {
    expect(patternMatches('*', 'apps/orders/app.config.ts')).toBe(true);
    expect(patternMatches('/apps/orders/', 'apps/orders/app.config.ts')).toBe(true);
    expect(patternMatches('/apps/orders/', 'apps/orders-v2/app.config.ts')).toBe(false);
    expect(patternMatches('apps/orders', 'apps/orders/src/handler.ts')).toBe(true);
    expect(patternMatches('apps/**/app.config.ts', 'apps/orders/app.config.ts')).toBe(true);
    expect(patternMatches('/apps/*/', 'apps/users/app.config.ts')).toBe(true);
    expect(patternMatches('docs/', 'apps/docs/x.md')).toBe(true);
    expect(patternMatches('/docs/', 'apps/docs/x.md')).toBe(false);
    expect(patternMatches('*.md', 'apps/orders/README.md')).toBe(true);
  });

  it('lets the last matching line decide, ignoring comments', () => {
    const rules = parseCodeowners('# comment\n* @platform\n/apps/orders/ @team-orders @alice # inline\n/apps/orders/secret.ts\n');
    expect(ownersOf(rules, 'apps/orders/app.config.ts')).toMatchObject({ owners: ['@team-orders', '@alice'], line: 3 });
    expect(ownersOf(rules, 'apps/orders/secret.ts')).toMatchObject({ owners: [], line: 4 });
    expect(ownersOf(rules, 'README.md')?.owners).toEqual(['@platform']);
    expect(ownersOf(parseCodeowners(''), 'README.md')).toBeUndefined();
  });

  it('spells manifest owners as CODEOWNERS handles', () => {
    expect(codeownersHandle('team-orders')).toBe('@team-orders');
    expect(codeownersHandle('@acme/orders')).toBe('@acme/orders');
    expect(codeownersHandle('orders@example.com')).toBe('orders@example.com');
  });
});
