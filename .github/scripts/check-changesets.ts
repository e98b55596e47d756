/**
 * `pnpm changeset:check`: fails when a pull request changes a shared package (a workspace under
 * packages/) without a changeset naming it. Apps and infra deploy rather than release, so they
 * are not required to carry one (they may). Test files and Markdown do not ship, so changing
 * only those needs no changeset.
 *
 * The base is `CHANGESET_BASE`, else `origin/$GITHUB_BASE_REF`, else `origin/main`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

/** A shared package: its name and its folder relative to the repository root. */
interface SharedPackage {
  readonly name: string;
  readonly dir: string;
}

function sharedPackages(root: string): SharedPackage[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => ({
      name: (JSON.parse(readFileSync(join(packagesDir, entry.name, 'package.json'), 'utf8')) as { name: string }).name,
      dir: `packages/${entry.name}`,
    }));
}

/** Files that ship: not tests, not documentation. */
function isReleasedFile(file: string): boolean {
  return !/(^|\/)(test|__tests__)\//.test(file) && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(file) && !file.endsWith('.md');
}

/** The package names a changeset's front matter bumps (`"@scope/name": patch`). */
export function packagesNamedIn(changeset: string): string[] {
  const match = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(changeset);
  if (!match) return [];
  const frontMatter = (parse(match[1] ?? '') ?? {}) as Record<string, unknown>;
  return Object.keys(frontMatter);
}

/**
 * The shared packages with released files among `changedFiles` that no changeset among
 * `changesets` (their contents) names.
 */
function packagesMissingChangesets(
  changedFiles: readonly string[],
  packages: readonly SharedPackage[],
  changesets: readonly string[],
): SharedPackage[] {
  const named = new Set(changesets.flatMap(packagesNamedIn));
  return packages.filter(
    (pkg) => !named.has(pkg.name) && changedFiles.some((file) => file.startsWith(`${pkg.dir}/`) && isReleasedFile(file)),
  );
}

/** Files changed between the merge base of `base` and HEAD, relative to `root`. */
function changedFilesSince(root: string, base: string): string[] {
  return execFileSync('git', ['diff', '--name-only', '--no-renames', `${base}...HEAD`], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

/** Runs the check in `root`; returns the message to print and whether it passed. */
export function checkChangesets(root: string, base: string): { ok: boolean; message: string } {
  const changed = changedFilesSince(root, base);
  const changesets = changed
    .filter((file) => /^\.changeset\/[^/]+\.md$/.test(file) && file !== '.changeset/README.md' && existsSync(join(root, file)))
    .map((file) => readFileSync(join(root, file), 'utf8'));
  const missing = packagesMissingChangesets(changed, sharedPackages(root), changesets);
  if (missing.length === 0) return { ok: true, message: `changesets: every changed shared package has a changeset (base ${base})` };
  return {
    ok: false,
    message:
      `These shared packages changed since ${base} without a changeset: ${missing.map((pkg) => pkg.name).join(', ')}.\n` +
      'Run `pnpm changeset`, pick the packages and the bump, describe the change, and commit the file it writes in .changeset/.',
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const base = process.env.CHANGESET_BASE ?? `origin/${process.env.GITHUB_BASE_REF || 'main'}`;
  const { ok, message } = checkChangesets(process.cwd(), base);
  (ok ? console.log : console.error)(message);
  process.exit(ok ? 0 : 1);
}
