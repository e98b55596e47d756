import { execFileSync } from 'node:child_process';

/**
 * Runs git in `cwd` with a fixed test identity and no signing (a developer's global config must not
 * make a test prompt or fail); returns trimmed stdout.
 */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

/** Commits everything in the work tree; returns the new commit. */
export function commitAll(cwd: string, message: string): string {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD');
}

/** Makes `root` a repository on `main` whose first commit holds what is there; returns that commit. */
export function initRepo(root: string, message = 'base'): string {
  git(root, 'init', '-q', '-b', 'main');
  return commitAll(root, message);
}
