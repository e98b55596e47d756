import { commitAll, initRepo, tempWorkspace, writeFiles } from '@frontdesk/test-support';
import { describe, expect, it } from 'vitest';
import { checkChangesets, packagesNamedIn } from '../../../.github/scripts/check-changesets.ts';

/** A repository with one shared package and one app; returns it and its base commit. */
function repository(): { root: string; base: string } {
  const root = tempWorkspace('changesets', {
    'packages/core/package.json': '{ "name": "@frontdesk/gateway-core" }',
    'packages/core/src/index.ts': 'export const a = 1;\n',
    'apps/users/package.json': '{ "name": "@apps/users" }',
    'apps/users/src/handler.ts': 'export const b = 1;\n',
    '.changeset/README.md': 'how\n',
  });
  return { root, base: initRepo(root) };
}

function change(root: string, files: Record<string, string>): void {
  writeFiles(root, files);
  commitAll(root, 'change');
}

describe('pnpm changeset:check', () => {
  it('fails when a shared package changes without a changeset, and says how to fix it', () => {
    const { root, base } = repository();
    change(root, { 'packages/core/src/index.ts': 'export const a = 2;\n' });
    const result = checkChangesets(root, base);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('@frontdesk/gateway-core');
    expect(result.message).toContain('pnpm changeset');
  });

  it('passes once a changeset names the package', () => {
    const { root, base } = repository();
    change(root, {
      'packages/core/src/index.ts': 'export const a = 2;\n',
      '.changeset/brave-cats-sing.md': '---\n"@frontdesk/gateway-core": minor\n---\n\nA changes.\n',
    });
    expect(checkChangesets(root, base).ok).toBe(true);
  });

  it('does not accept a changeset for another package', () => {
    const { root, base } = repository();
    change(root, {
      'packages/core/src/index.ts': 'export const a = 2;\n',
      '.changeset/brave-cats-sing.md': '---\n"@apps/users": patch\n---\n\nUsers.\n',
    });
    expect(checkChangesets(root, base).ok).toBe(false);
  });

  it('needs none for app changes, tests or docs of shared packages', () => {
    const { root, base } = repository();
    change(root, {
      'apps/users/src/handler.ts': 'export const b = 2;\n',
      'packages/core/src/index.test.ts': 'test\n',
      'packages/core/test/more.ts': 'helper\n',
      'packages/core/README.md': 'docs\n',
    });
    expect(checkChangesets(root, base)).toEqual({ ok: true, message: expect.stringContaining('every changed shared package') });
  });

  it('reads package names from the front matter', () => {
    expect(packagesNamedIn('---\n"@a/b": patch\n\'@c/d\': major\n---\n\ntext\n')).toEqual(['@a/b', '@c/d']);
    expect(packagesNamedIn('---\n---\n\nempty\n')).toEqual([]);
    expect(packagesNamedIn('no front matter')).toEqual([]);
  });
});
