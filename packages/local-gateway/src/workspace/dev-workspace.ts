import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkWorkspace,
  conflictsWith,
  loadManifest,
  loadWorkspace,
  MANIFEST_FILE,
  type WorkspaceFinding,
} from '@frontdesk/gateway-core/workspace';
import { checkAuthorizerCaching, type AppManifest } from '@frontdesk/gateway-core';
import type { DpopMode } from '@frontdesk/gateway-core/contract';
import type { Readable } from 'node:stream';
import type { AuthorizerFunction } from '../gateway/authorize.ts';
import { HandlerBundler, type Bundle, type BundleCounts } from '../functions/bundle.ts';
import type { LocalFunction } from '../functions/local-function.ts';
import type { PoolSettings } from '../functions/worker-pool.ts';
import type { LocalApi } from '../gateway/local-api.ts';
import { appFunction } from './app-function.ts';
import { buildLocalApi, functionConfig, handlerEntry } from './local-app.ts';
import { manifestImporter } from './import-manifest.ts';
import { AppFolderWatcher, watchAppSources } from './watch-apps.ts';

/** Something the developer should see: a reload, a rejected manifest, a build error. */
export interface WorkspaceEvent {
  readonly level: 'info' | 'error' | 'warning';
  readonly app?: string;
  readonly message: string;
}

export interface DevWorkspaceOptions {
  readonly root: string;
  readonly stage: string;
  /** The bundled worker runtime (may still be building: manifests load meanwhile). */
  readonly runtimeFile: string | Promise<string>;
  readonly authorize: AuthorizerFunction;
  /**
   * The authorizer's DPoP mode. An app that caches decisions loads only when it is `off`, the
   * rule AppApi enforces at deploy time. @default 'optional', the authorizer's own default
   */
  readonly dpop?: DpopMode;
  readonly onEvent: (event: WorkspaceEvent) => void;
  readonly onOutput?: (app: string, stdout: Readable, stderr: Readable) => void;
  /** Receives each invocation's output tagged with its request id (the dev console's per-request logs). */
  readonly onLog?: (app: string, requestId: string | undefined, stream: 'stdout' | 'stderr', text: string) => void;
  /** Watch app folders and reload on change. @default true */
  readonly watch?: boolean;
  /** Workers per function version and their idle time. @default DEFAULT_POOL */
  readonly pool?: PoolSettings;
  /** The environment an app's declared resources add (its tables, served locally). */
  readonly resourceEnvironment?: (manifest: AppManifest) => Promise<Record<string, string>>;
}

/** One app as served: its API (routes, authorizer) and its function (versions, `live`). */
export interface DevApp {
  readonly name: string;
  readonly dir: string;
  api: LocalApi;
  readonly fn: LocalFunction;
  /** Settles when the reload in progress (if any) is done; requests wait for it. */
  reloading: Promise<void>;
  /** Stops watching the app's sources. */
  unwatch: () => void;
}

/**
 * Every app of the workspace, kept current: manifests are loaded with the same loader CDK
 * uses, each handler is bundled and published as a function version, and edits reload an app
 * on its own. An edit that breaks a manifest or the build is reported and the last good
 * version keeps serving.
 */
export class DevWorkspace {
  readonly apps = new Map<string, DevApp>();
  private adding = Promise.resolve();
  /** Folders under apps/ worth another look (new, or not served yet); absent when not watching. */
  private readonly folders: AppFolderWatcher | undefined;
  private readonly bundler: HandlerBundler;
  /** Compiles manifests with esbuild (no TypeScript loader runs in pnpm dev's process). */
  private readonly importManifest: (file: string, fresh: boolean) => Promise<unknown>;
  private runtimeFile = '';
  /** Mapping key → app, rebuilt on every manifest change. */
  mappings = new Map<string, DevApp>();

  private constructor(private readonly options: DevWorkspaceOptions) {
    this.bundler = new HandlerBundler(join(options.root, '.frontdesk', 'cache', 'functions'));
    this.importManifest = manifestImporter(options.root);
    const appsDir = join(options.root, 'apps');
    if (options.watch !== false)
      this.folders = new AppFolderWatcher(appsDir, () => {
        this.adding = this.adding.then(() => this.addNewApps(appsDir));
      });
  }

  static async open(options: DevWorkspaceOptions): Promise<DevWorkspace> {
    const workspace = new DevWorkspace(options);
    const [{ apps, broken }, runtimeFile] = await Promise.all([
      loadWorkspace(options.root, { importModule: workspace.importManifest }),
      options.runtimeFile,
    ]);
    workspace.runtimeFile = runtimeFile;
    for (const app of broken) {
      options.onEvent({ level: 'error', message: `${app.manifestFile}: not served yet: ${app.error.message}` });
      workspace.folders?.markPending(app.dir, app.error);
    }
    for (const finding of checkWorkspace(apps.map((app) => app.manifest)))
      options.onEvent({ level: finding.level, message: finding.message });
    // The first app to claim a name or base path keeps it. Shadowed routes are reported (above)
    // but both apps load: the inner one serves its base path, as API Gateway would.
    const served = apps.filter((app, index) => {
      const earlier = apps.slice(0, index).map((other) => other.manifest);
      if (conflictsWith(app.manifest, earlier).some((finding) => finding.level === 'error' && finding.code !== 'shadowed-routes'))
        return false;
      try {
        workspace.checkCaching(app.manifest);
        return true;
      } catch (error) {
        options.onEvent({ level: 'error', app: app.manifest.name, message: `not served: ${(error as Error).message}` });
        return false;
      }
    });
    const bundles = await workspace.bundler.bundleAll(served.map((app) => handlerEntry(options.root, app.dir, app.manifest)));
    await Promise.all(
      served.map(async (app) => {
        try {
          const bundle = bundles.get(app.manifest.name);
          if (bundle instanceof Error) throw bundle;
          await workspace.add(app.dir, app.manifest, bundle);
        } catch (error) {
          options.onEvent({ level: 'error', app: app.manifest.name, message: `not served: ${(error as Error).message}` });
        }
      }),
    );
    workspace.remap();
    workspace.folders?.watchAppsFolder();
    return workspace;
  }

  /**
   * Starts every live version's worker so first requests don't pay for imports — one at a
   * time, in the background, so start-up and the first requests keep a core to themselves (a
   * request to an app not warmed yet starts its worker at once).
   */
  warm(): void {
    void (async () => {
      for (const app of this.apps.values()) await app.fn.warm();
    })();
  }

  /** How many bundles came from the on-disk cache and how many esbuild built, since start-up. */
  get bundleCounts(): Readonly<BundleCounts> {
    return this.bundler.counts;
  }

  /**
   * Frees the memory the start-up bundling left in esbuild's process. It stops esbuild's shared
   * service: call it once start-up is done, and only where nothing else in the process is building.
   */
  releaseBundlerMemory(): Promise<void> {
    return this.bundler.releaseService();
  }

  async close(): Promise<void> {
    this.folders?.close();
    for (const app of this.apps.values()) app.unwatch();
    await Promise.all([...[...this.apps.values()].map((app) => app.fn.stop()), this.bundler.dispose()]);
  }

  private async add(dir: string, manifest: AppManifest, bundle?: Bundle): Promise<void> {
    this.checkCaching(manifest);
    const fn = appFunction(manifest, this.options, this.runtimeFile);
    const app: DevApp = {
      name: manifest.name,
      dir,
      api: buildLocalApi(manifest, this.options.authorize),
      fn,
      reloading: Promise.resolve(),
      unwatch: () => undefined,
    };
    const inputs = await this.publish(app, manifest, bundle ?? (await this.bundleOnce(dir, manifest)));
    this.apps.set(manifest.name, app);
    this.watch(app, inputs);
  }

  /** Throws the same error AppApi gives when an app caches decisions while DPoP is on. */
  private checkCaching(manifest: AppManifest): void {
    checkAuthorizerCaching(manifest, this.options.dpop ?? 'optional');
  }

  /** Rebuilds an edited app through its incremental esbuild context. */
  private bundle(app: DevApp, manifest: AppManifest): Promise<Bundle> {
    return this.bundler.rebuild(handlerEntry(this.options.root, app.dir, manifest));
  }

  /** Bundles an app found while running, from the on-disk cache when its inputs are unchanged. */
  private async bundleOnce(dir: string, manifest: AppManifest): Promise<Bundle> {
    const bundle = (await this.bundler.bundleAll([handlerEntry(this.options.root, dir, manifest)])).get(manifest.name);
    if (bundle === undefined || bundle instanceof Error) throw bundle ?? new Error(`${manifest.handler}: nothing was bundled`);
    return bundle;
  }

  /** Publishes a bundled handler (with the manifest's function settings) as a version. */
  private async publish(app: DevApp, manifest: AppManifest, bundle: Bundle): Promise<readonly string[]> {
    const previous = app.fn.live?.functionVersion;
    const resources = (await this.options.resourceEnvironment?.(manifest)) ?? {};
    // Reserved concurrency belongs to the function, not a version (PutFunctionConcurrency publishes nothing).
    app.fn.putConcurrency(manifest.function.reservedConcurrency);
    const version = app.fn.publish(bundle, functionConfig(manifest, { root: this.options.root, stage: this.options.stage, resources }));
    if (previous !== undefined && previous !== version) {
      this.options.onEvent({ level: 'info', app: manifest.name, message: `reloaded: published version ${version}, live → ${version}` });
      // The app being edited is the one about to be called: its new worker starts now, not on that call.
      if (app.fn.retireAllBut(version) > 0) void app.fn.warm();
    }
    return bundle.inputs;
  }

  private remap(): void {
    this.mappings = new Map([...this.apps.values()].map((app) => [app.api.manifest.basePath, app]));
  }

  /**
   * Reloads one app after an edit: the manifest (rejecting invalid or conflicting ones) and the
   * code. The handler is rebuilt while the manifest is re-imported, since most edits touch only
   * code; the build is used once the manifest is accepted (and redone if it names another handler).
   */
  private reload(app: DevApp): void {
    app.reloading = app.reloading.then(async () => {
      const building = this.bundle(app, app.api.manifest).then(
        (bundle) => ({ bundle }),
        (error: Error) => ({ error }),
      );
      let manifest: AppManifest;
      try {
        manifest = await loadManifest(join(app.dir, MANIFEST_FILE), { fresh: true, importModule: this.importManifest });
        if (manifest.name !== app.name) throw new Error(`renaming an app ("${app.name}" → "${manifest.name}") needs a restart of pnpm dev`);
        throwOnErrors(conflictsWith(manifest, this.manifests(app)));
        this.checkCaching(manifest);
      } catch (error) {
        this.options.onEvent({
          level: 'error',
          app: app.name,
          message: `manifest rejected, still serving the last good version: ${(error as Error).message}`,
        });
        return;
      }
      try {
        let built = await building;
        if (manifest.handler !== app.api.manifest.handler) built = { bundle: await this.bundle(app, manifest) };
        if ('error' in built) throw built.error;
        const inputs = await this.publish(app, manifest, built.bundle);
        app.api = buildLocalApi(manifest, this.options.authorize, app.api);
        this.remap();
        this.watch(app, inputs);
      } catch (error) {
        this.options.onEvent({
          level: 'error',
          app: app.name,
          message: `build failed, still serving the last good version: ${(error as Error).message}`,
        });
      }
    });
  }

  private async addNewApps(appsDir: string): Promise<void> {
    const served = new Set([...this.apps.values()].map((app) => app.dir));
    this.folders?.forgetRemoved();
    for (const entry of readdirSync(appsDir, { withFileTypes: true })) {
      const dir = join(appsDir, entry.name);
      if (!entry.isDirectory() || entry.name.startsWith('.') || served.has(dir) || !existsSync(join(dir, MANIFEST_FILE))) continue;
      try {
        const manifest = await loadManifest(join(dir, MANIFEST_FILE), { fresh: true, importModule: this.importManifest });
        throwOnErrors(conflictsWith(manifest, this.manifests()));
        await this.add(dir, manifest);
        this.folders?.clearPending(dir);
        this.remap();
        this.options.onEvent({ level: 'info', app: manifest.name, message: `new app served under /${manifest.basePath}` });
      } catch (error) {
        if (!this.folders?.markPending(dir, error as Error))
          this.options.onEvent({ level: 'error', message: `apps/${entry.name}: not served yet: ${(error as Error).message}` });
      }
    }
  }

  /** Watches the app's folder and the folders of its bundled sources; a save reloads it. */
  private watch(app: DevApp, inputs: readonly string[]): void {
    if (this.options.watch === false) return;
    app.unwatch();
    app.unwatch = watchAppSources(app.dir, inputs, () => this.reload(app));
  }

  /** The manifests served now, but for `except`'s. */
  private manifests(except?: DevApp): AppManifest[] {
    return [...this.apps.values()].filter((app) => app !== except).map((app) => app.api.manifest);
  }
}

/** Throws the error-level findings as one error (a manifest that cannot be served beside the others). */
function throwOnErrors(findings: readonly WorkspaceFinding[]): void {
  const errors = findings.filter((finding) => finding.level === 'error');
  if (errors.length > 0) throw new Error(errors.map((finding) => finding.message).join('; '));
}
