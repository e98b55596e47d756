import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { handlerBuildOptions } from '@frontdesk/gateway-core/contract';
import { build, context, stop, version, type BuildContext, type BuildOptions, type BuildResult, type OutputFile } from 'esbuild';
import { writeFileWhole } from '../files/write-file.ts';
import { lazyPackagesFromNodeModules } from './lazy-packages.ts';
import { BundleCache, FileHashes, type BundleKey } from './bundle-cache.ts';

export interface Bundle {
  /** The bundled ES module to import. */
  readonly file: string;
  /** SHA-256 of the bundle, base64 — Lambda's `CodeSha256`. */
  readonly codeSha256: string;
  /** Every source file that went into it (watched for hot reload). */
  readonly inputs: readonly string[];
}

/** One handler to bundle: `name` names its cache folder (`<outRoot>/<name>/<hash>.mjs`). */
export interface HandlerEntry {
  readonly name: string;
  readonly entry: string;
  /**
   * Files besides its sources whose content decides the bundle, part of its cache key: the
   * lockfile (dependency versions), the app's `package.json` and `tsconfig.json`.
   */
  readonly keyFiles?: readonly string[];
}

/**
 * The deployed recipe (`HANDLER_BUNDLE`, what CDK's NodejsFunction bundles with) and only the
 * overrides below. Each output is named `<name>/handler.js` inside `outRoot` and written beside it as `<hash>.mjs`, so the
 * source map's relative paths hold and a new version never collides with a module the worker
 * runtime already cached. The map leaves out `sourcesContent`: stack traces only need the
 * mappings, and a bundle without the sources imports faster.
 */
function options(outRoot: string, entries: readonly HandlerEntry[]): BuildOptions & { write: false; metafile: true } {
  return {
    ...handlerBuildOptions(),
    // Overrides of the deployed recipe, each for the dev machine:
    // - Node 20 runs `pnpm dev` (README: Node 20.19+), and node22 syntax may not parse on it.
    target: 'node20',
    // - Readable stack traces and console output, and a faster rebuild on every save.
    minify: false,
    // - Lambda's runtime ships AWS SDK v3; a worker has no such copy and the bundle sits in
    //   .frontdesk/, where pnpm's node_modules of the app cannot be resolved, so the SDK is inlined.
    external: [],
    // - …but an installed package imported dynamically is loaded from node_modules when first
    //   imported, as Lambda loads the SDK, instead of re-linked into the bundle on every save.
    plugins: [lazyPackagesFromNodeModules()],
    entryPoints: entries.map(({ name, entry }) => ({ in: entry, out: `${name}/handler` })),
    write: false,
    outdir: outRoot,
    metafile: true,
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'silent',
  };
}

/** Writes one output under its content hash and lists the sources that went into it. */
function save(output: OutputFile, result: BuildResult<{ metafile: true }>): Bundle {
  const hash = createHash('sha256').update(output.contents);
  const codeSha256 = hash.copy().digest('base64');
  const file = join(output.path, '..', `${hash.digest('hex').slice(0, 16)}.mjs`);
  mkdirSync(join(output.path, '..'), { recursive: true });
  writeFileWhole(file, output.contents); // a worker in another pnpm dev may be importing it
  const cwd = process.cwd();
  const meta = Object.entries(result.metafile.outputs).find(([path]) => resolve(cwd, path) === output.path)?.[1];
  return { file, codeSha256, inputs: Object.keys(meta?.inputs ?? {}).map((input) => join(cwd, input)) };
}

/** Bundles one module on its own (the worker runtime), through the on-disk cache. */
export async function bundleHandler(entry: string, outDir: string, keyFiles: readonly string[] = []): Promise<Bundle> {
  const name = basename(outDir);
  const result = (await new HandlerBundler(dirname(outDir)).bundleAll([{ name, entry, keyFiles }])).get(name);
  if (result === undefined || result instanceof Error) throw result ?? new Error(`esbuild produced no output for ${entry}`);
  return result;
}

/** How a bundler's handlers were obtained since it was made: for logs and tests. */
export interface BundleCounts {
  /** Bundles reused from the on-disk cache (inputs unchanged since they were built). */
  fromCache: number;
  /** Bundles esbuild built (a cache miss at start-up, or a reload). */
  built: number;
}

/**
 * Bundles every app's handler. Start-up first asks the on-disk cache ({@link BundleCache}):
 * an app whose sources, dependencies and options are unchanged since its last build reuses
 * that bundle. The others are bundled in one esbuild run, so the sources apps share (the
 * runtime helpers, the AWS SDK, Powertools) are parsed once instead of once per app; a reload
 * rebuilds one app through its own incremental esbuild context, which re-parses only the files
 * that changed. Every build is recorded in the cache for the next start.
 */
export class HandlerBundler {
  readonly counts: BundleCounts = { fromCache: 0, built: 0 };
  private readonly cache: BundleCache;
  /** Per app, the cache record a rebuild still has to write (see `rebuild`). */
  private readonly pendingRecords = new Map<string, () => void>();
  private readonly contexts = new Map<
    string,
    { entry: string; context: Promise<BuildContext<BuildOptions & { write: false; metafile: true }>> }
  >();

  constructor(private readonly outRoot: string) {
    this.cache = new BundleCache(outRoot);
  }

  /**
   * Bundles several handlers at once, reusing cached bundles; an app whose build fails gets its
   * own error, the others their bundles.
   */
  async bundleAll(entries: readonly HandlerEntry[]): Promise<Map<string, Bundle | Error>> {
    const bundles = new Map<string, Bundle | Error>();
    const hashes = new FileHashes();
    const misses = entries.filter((entry) => {
      const cached = this.cache.lookup(entry.name, this.key(entry), hashes);
      if (cached) {
        bundles.set(entry.name, cached);
        this.counts.fromCache += 1;
      }
      return !cached;
    });
    if (misses.length === 0) return bundles;
    let result: BuildResult<{ write: false; metafile: true }>;
    try {
      result = await build(options(this.outRoot, misses));
    } catch (error) {
      if (misses.length === 1 && misses[0]) return bundles.set(misses[0].name, error as Error);
      // One broken app fails the shared run: bundle each on its own to tell whose error it is.
      await Promise.all(misses.map(async (entry) => bundles.set(entry.name, await this.rebuild(entry).catch((failed: Error) => failed))));
      return bundles;
    }
    for (const entry of misses) {
      const path = resolve(this.outRoot, entry.name, 'handler.js');
      const output = result.outputFiles.find((file) => file.path === path);
      bundles.set(
        entry.name,
        output ? this.record(entry, save(output, result), hashes) : new Error(`esbuild produced no output for ${entry.entry}`),
      );
    }
    return bundles;
  }

  /**
   * Rebuilds one handler incrementally (the app's esbuild context lives until `dispose`). The
   * cache record is written just after, off the reload's path: hashing every input (~900 files
   * for an app using the AWS SDK) would delay the new version by tens of milliseconds. A rebuild
   * that starts meanwhile cancels it (its own record follows), so a record never pairs a bundle
   * with sources edited after it was built.
   */
  async rebuild(entry: HandlerEntry): Promise<Bundle> {
    this.pendingRecords.delete(entry.name);
    let kept = this.contexts.get(entry.name);
    if (kept?.entry !== entry.entry) {
      if (kept) void kept.context.then((stale) => stale.dispose());
      kept = { entry: entry.entry, context: context(options(this.outRoot, [entry])) };
      this.contexts.set(entry.name, kept);
    }
    const result = await (await kept.context).rebuild();
    const output = result.outputFiles[0];
    if (!output) throw new Error(`esbuild produced no output for ${entry.entry}`);
    const bundle = save(output, result);
    this.counts.built += 1;
    const store = () => {
      if (this.pendingRecords.get(entry.name) !== store) return;
      this.pendingRecords.delete(entry.name);
      this.store(entry, bundle, new FileHashes());
    };
    this.pendingRecords.set(entry.name, store);
    setImmediate(store);
    return bundle;
  }

  /**
   * Ends esbuild's service process when no context needs it: after a large one-shot build its
   * Go heap (hundreds of MB with 20 apps) stays resident otherwise. The next build starts a
   * fresh service. Call it only while no other esbuild call is in flight.
   */
  async releaseService(): Promise<void> {
    if (this.contexts.size === 0) await stop();
  }

  async dispose(): Promise<void> {
    const kept = [...this.contexts.values()];
    this.contexts.clear();
    await Promise.all(kept.map(async ({ context: pending }) => (await pending.catch(() => undefined))?.dispose()));
  }

  /** The cache key of one handler: esbuild's version and options for it alone, and its key files. */
  private key(entry: HandlerEntry): BundleKey {
    return { esbuildVersion: version, options: options(this.outRoot, [entry]), entry: entry.entry, files: entry.keyFiles ?? [] };
  }

  private record(entry: HandlerEntry, bundle: Bundle, hashes: FileHashes): Bundle {
    this.counts.built += 1;
    this.store(entry, bundle, hashes);
    return bundle;
  }

  private store(entry: HandlerEntry, bundle: Bundle, hashes: FileHashes): void {
    try {
      this.cache.store(entry.name, this.key(entry), bundle, hashes);
    } catch {
      // The cache only saves time: a record that cannot be written means a build at the next start.
    }
  }
}
