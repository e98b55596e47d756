import { existsSync, watch, type FSWatcher } from 'node:fs';
import { dirname, relative, sep } from 'node:path';

/**
 * Watches an app's folder and every folder inside it that holds one of its bundled sources, and
 * calls `onChange` once per save. Dot-files and `node_modules` are ignored. Returns the function
 * that stops watching.
 */
export function watchAppSources(appDir: string, inputs: readonly string[], onChange: () => void): () => void {
  const dirs = new Set([appDir]);
  for (const input of inputs) {
    const path = relative(appDir, input);
    if (!path.startsWith('..') && !path.split(sep).includes('node_modules')) dirs.add(dirname(input));
  }
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    // Short: a save's several events (truncate, write) still coalesce, and a reload that reads
    // a half-written file is followed by one that reads the whole (unchanged code publishes nothing).
    timer = setTimeout(onChange, 10);
  };
  const watchers = [...dirs]
    .filter((dir) => existsSync(dir))
    .map((dir) =>
      watch(dir, (_event, file) => {
        if (file && (String(file).startsWith('.') || String(file) === 'node_modules')) return;
        changed();
      }),
    );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}

/**
 * Notices app folders worth another look: one created under `apps/` while running (e.g. by
 * `pnpm create-app`), or one not served yet that changes. `create-app` renames a finished folder
 * into `apps/`, but its manifest imports `@frontdesk/gateway-core`, which resolves only once
 * `pnpm install` has linked the new workspace — an event inside the folder that a watch of
 * `apps/` does not see. So a folder that does not load yet is watched itself and retried (see
 * {@link markPending}). Each notice calls `scan` once, after a short quiet spell.
 */
export class AppFolderWatcher {
  private appsWatcher: FSWatcher | undefined;
  private scanTimer: NodeJS.Timeout | undefined;
  /** App folders not served yet (manifest not loadable, app not linked), retried until they are. */
  private readonly pending = new Map<string, { watcher?: FSWatcher; retry?: NodeJS.Timeout; lastError: string }>();

  constructor(
    private readonly appsDir: string,
    private readonly scan: () => void,
  ) {}

  /** Starts watching `apps/` itself for new folders (once the apps found at start-up are served). */
  watchAppsFolder(): void {
    if (!this.appsWatcher && existsSync(this.appsDir)) this.appsWatcher = watch(this.appsDir, () => this.scanSoon());
  }

  /**
   * Remembers an app folder that could not be served: any change inside it triggers a new
   * attempt, and while the reason is an unresolved package (not linked yet: `pnpm install` is
   * running or still to be run) it is also retried every second. Returns whether this reason
   * was already known, so that a reason is reported once.
   */
  markPending(dir: string, error: Error): boolean {
    const entry = this.pending.get(dir) ?? { lastError: '' };
    const repeated = entry.lastError === error.message;
    entry.lastError = error.message;
    if (!entry.watcher && existsSync(dir)) entry.watcher = watch(dir, () => this.scanSoon());
    clearTimeout(entry.retry);
    if (isUnresolvedPackage(error)) entry.retry = setTimeout(() => this.scanSoon(0), 1000);
    this.pending.set(dir, entry);
    return repeated;
  }

  /** Stops retrying a folder: it is served now, or gone. */
  clearPending(dir: string): void {
    const entry = this.pending.get(dir);
    entry?.watcher?.close();
    clearTimeout(entry?.retry);
    this.pending.delete(dir);
  }

  /** Forgets pending folders that were removed. */
  forgetRemoved(): void {
    for (const dir of [...this.pending.keys()]) if (!existsSync(dir)) this.clearPending(dir);
  }

  close(): void {
    this.appsWatcher?.close();
    clearTimeout(this.scanTimer);
    for (const dir of [...this.pending.keys()]) this.clearPending(dir);
  }

  private scanSoon(delayMs = 100): void {
    clearTimeout(this.scanTimer);
    this.scanTimer = setTimeout(this.scan, delayMs);
  }
}

/** An import that failed because a package does not resolve (the app's workspace is not linked yet). */
function isUnresolvedPackage(error: Error): boolean {
  const cause = (error as Error & { cause?: { code?: string } }).cause;
  return cause?.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (package|module)/.test(error.message);
}
