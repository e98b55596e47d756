import { execFileSync } from 'node:child_process';

/** Runs git in `root` and returns its trimmed stdout; a failure names the command and git's message. */
export function git(root: string, args: readonly string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    }).trim();
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`git ${args.join(' ')} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`, { cause: error });
  }
}

/**
 * The commit to compare with: `ref` when given, else the merge base of HEAD with `main` (or
 * `origin/main` in a CI checkout without a local main).
 */
export function resolveBase(root: string, ref: string | undefined): { ref: string; commit: string } {
  if (ref !== undefined) {
    try {
      return { ref, commit: git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) };
    } catch {
      throw new Error(`--base ${ref} is not a commit in this repository (fetch it first, e.g. git fetch origin ${ref})`);
    }
  }
  for (const candidate of ['main', 'origin/main']) {
    try {
      git(root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    } catch {
      continue;
    }
    return { ref: `merge-base(HEAD, ${candidate})`, commit: git(root, ['merge-base', 'HEAD', candidate]) };
  }
  throw new Error('no main or origin/main branch to take the merge base with: pass --base <ref>');
}

/** Files that differ between `commit` and the working tree: tracked changes both ways, and untracked files. */
export function changedFiles(root: string, commit: string): string[] {
  const tracked = git(root, ['diff', '--name-only', '--no-renames', commit, '--', '.']).split('\n');
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard']).split('\n');
  return [...new Set([...tracked, ...untracked].filter(Boolean))].sort();
}

/** Writes the tree of `commit` into `dir` (no .git: the base is read, never committed to). */
export function exportCommit(root: string, commit: string, dir: string): void {
  try {
    execFileSync('sh', ['-c', 'git archive --format=tar "$1" | tar -x -C "$2"', 'sh', commit, dir], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    throw new Error(`could not export ${commit}: ${String((error as { stderr?: unknown }).stderr ?? '').trim()}`, { cause: error });
  }
}
