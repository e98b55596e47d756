/**
 * What a change can affect, from the files it touches (the same graph Turborepo's `--affected`
 * follows): an app's folder affects that app; gateway-core, the lockfile and the root manifests
 * affect every app and the shared stack; infra/ affects the shared stack.
 */
export interface DiffScope {
  /** App folders (names under `apps/`); `'all'` for every app on either side. */
  readonly apps: readonly string[] | 'all';
  readonly shared: boolean;
}

const EVERYTHING = [/^packages\/gateway-core\//, /^pnpm-lock\.yaml$/, /^pnpm-workspace\.yaml$/, /^package\.json$/];

export function scopeOf(files: readonly string[]): DiffScope {
  if (files.some((file) => EVERYTHING.some((pattern) => pattern.test(file)))) return { apps: 'all', shared: true };
  const apps = new Set<string>();
  for (const file of files) {
    const match = /^apps\/([^/]+)\//.exec(file);
    if (match) apps.add(match[1] as string);
  }
  return { apps: [...apps].sort(), shared: files.some((file) => file.startsWith('infra/')) };
}
