import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  codeownersHandle,
  ownersOf,
  parseCodeowners,
  patternMatches,
  PLATFORM_OWNER,
  PLATFORM_PATHS,
  platformOwnershipGaps,
} from './codeowners.ts';

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

describe('the repository’s CODEOWNERS', () => {
  const text = readFileSync(new URL('../../../../.github/CODEOWNERS', import.meta.url), 'utf8');
  const rules = parseCodeowners(text);

  it('gives the shared code, infrastructure, CI and root configuration to the platform owner', () => {
    for (const path of PLATFORM_PATHS) {
      const decided = ownersOf(rules, path);
      expect(decided?.owners, path).toEqual([PLATFORM_OWNER]);
    }
    expect(platformOwnershipGaps(rules)).toEqual([]);
  });

  it('still gives each app folder to its manifest owner (the generated block comes last)', () => {
    expect(ownersOf(rules, 'apps/orders/app.config.ts')?.owners).toEqual(['@team-orders']);
    expect(ownersOf(rules, 'apps/users/src/handler.ts')?.owners).toEqual(['@team-identity']);
    // An app's own package.json is the app team's, not the root's.
    expect(ownersOf(rules, 'apps/orders/package.json')?.owners).toEqual(['@team-orders']);
  });
});

describe('platformOwnershipGaps', () => {
  it('names platform paths without an owner, or handed to someone else by a later line', () => {
    const gaps = platformOwnershipGaps(parseCodeowners('/packages/ @team-platform\n/packages/gateway-core/ @team-orders\n'));
    expect(gaps).toContainEqual({ path: 'packages/gateway-core/src/index.ts', owners: ['@team-orders'], line: 2 });
    expect(gaps).toContainEqual({ path: 'turbo.json', owners: [], line: undefined });
    expect(gaps.map((gap) => gap.path)).not.toContain('packages/cli/src/routes/main.ts');
  });
});
