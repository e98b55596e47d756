import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { LAMBDA_RUNTIME, LIVE_ALIAS } from '@frontdesk/gateway-core/contract';
import type { Bundle } from './bundle.ts';
import { FunctionNotFoundError, PreconditionFailedError } from './function-errors.ts';
import type { Alias, FunctionConfig, FunctionStatus, PublishedVersion } from './function-types.ts';
import { FunctionInstance, type InvokeResult, type WorkerEnd } from './function-instance.ts';
import { DEFAULT_POOL, WorkerPool, type PoolSettings } from './worker-pool.ts';

const LATEST = '$LATEST';
export const ACCOUNT_ID = '000000000000';
export const REGION = 'us-east-1';

export interface LocalFunctionOptions {
  readonly name: string;
  readonly runtimeFile: string;
  readonly onOutput?: (stdout: Readable, stderr: Readable) => void;
  /** Receives each invocation's output tagged with its request id; workers then capture it. */
  readonly onLog?: (requestId: string | undefined, stream: 'stdout' | 'stderr', text: string) => void;
  /** Called when `UpdateAlias` moves an alias (a rollback, or a roll forward), not on publish. */
  readonly onAliasUpdated?: (alias: Alias, previousVersion: string) => void;
  /** Workers per version and their idle time. @default DEFAULT_POOL */
  readonly pool?: PoolSettings;
  /** A worker started and imported the handler (a cold start), or one ended on its own. */
  readonly onWorker?: (event: WorkerEvent) => void;
}

/** What the developer sees of a worker's life: which worker of which version was cold, or died. */
type WorkerEvent =
  | { readonly type: 'cold-start'; readonly worker: number; readonly version: string; readonly initDurationMs: number | undefined }
  | { readonly type: 'died'; readonly worker: number; readonly version: string; readonly end?: WorkerEnd };

/**
 * One local Lambda function: numbered versions published by each (re)load, `$LATEST`, and the
 * `live` alias the app's API invokes — moving `live` back is a rollback, locally as in AWS.
 */
export class LocalFunction {
  readonly versions: PublishedVersion[] = [];
  private aliasState: Alias | undefined;
  /** One pool of workers per version label (`$LATEST` runs apart, as in Lambda). */
  private readonly pools = new Map<string, WorkerPool>();
  private restarts = 0;
  private workersStarted = 0;
  private reserved: number | undefined;
  /** Invocations running or waiting, across versions: what reserved concurrency counts. */
  private inFlight = 0;

  constructor(private readonly options: LocalFunctionOptions) {}

  get name(): string {
    return this.options.name;
  }

  get arn(): string {
    return `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${this.name}`;
  }

  get live(): Alias | undefined {
    return this.aliasState;
  }

  get latest(): PublishedVersion | undefined {
    return this.versions.at(-1);
  }

  /**
   * Publishes a version when code or configuration changed (Lambda skips unchanged code) and
   * points `live` at it, the way a deploy does. Returns the version `live` now names.
   */
  publish(bundle: Bundle, config: FunctionConfig): string {
    const latest = this.latest;
    if (latest && latest.bundle.codeSha256 === bundle.codeSha256 && JSON.stringify(latest.config) === JSON.stringify(config)) {
      if (this.aliasState?.functionVersion !== latest.version) this.moveLive(latest.version);
      return latest.version;
    }
    const version = String(this.versions.length + 1);
    this.versions.push({ version, bundle, config, lastModified: new Date().toISOString().replace('Z', '+0000') });
    this.moveLive(version);
    return version;
  }

  /** `UpdateAlias`: moves an alias to an existing version, optionally guarded by `RevisionId`. */
  updateAlias(name: string, update: { functionVersion?: string; description?: string; revisionId?: string }): Alias {
    const current = this.getAlias(name);
    if (update.revisionId !== undefined && update.revisionId !== current.revisionId) {
      throw new PreconditionFailedError(
        'The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id',
      );
    }
    const functionVersion = update.functionVersion ?? current.functionVersion;
    if (!this.versions.some((version) => version.version === functionVersion)) {
      throw new FunctionNotFoundError(`Function not found: ${this.arn}:${functionVersion}`);
    }
    const moved = this.moveLive(functionVersion, update.description ?? current.description);
    this.options.onAliasUpdated?.(moved, current.functionVersion);
    return moved;
  }

  getAlias(name: string): Alias {
    if (name !== LIVE_ALIAS || !this.aliasState) throw new FunctionNotFoundError(`Cannot find alias arn: ${this.arn}:${name}`);
    return this.aliasState;
  }

  /** Resolves a qualifier (`undefined`/`$LATEST`, a version number, or an alias). */
  resolve(qualifier: string | undefined): PublishedVersion {
    return this.target(qualifier).version;
  }

  /**
   * What a qualifier runs and what Lambda reports as `ExecutedVersion`: `$LATEST` for an
   * unqualified or `$LATEST` invocation (its code is the newest published here, as every load
   * publishes), the version number for a number or an alias ("ExecutedVersion: the version of the
   * function that executed; when you invoke with an alias, the version the alias resolved to" —
   * Lambda API reference, Invoke).
   */
  target(qualifier: string | undefined): { readonly label: string; readonly version: PublishedVersion } {
    const latest = qualifier === undefined || qualifier === LATEST;
    const wanted = latest ? this.latest?.version : qualifier === LIVE_ALIAS ? this.aliasState?.functionVersion : qualifier;
    const version = this.versions.find((candidate) => candidate.version === wanted);
    if (!version) throw new FunctionNotFoundError(`Function not found: ${this.arn}${qualifier ? `:${qualifier}` : ''}`);
    return { label: latest ? LATEST : version.version, version };
  }

  /**
   * Invokes on a worker of what the qualifier names: an idle one, else a new one (a cold start),
   * else the next one freed (see `worker-pool.ts`). `$LATEST` has its own workers (Lambda gives it
   * its own environments: `context.functionVersion` and `AWS_LAMBDA_FUNCTION_VERSION` say
   * `$LATEST` there). Above the reserved concurrency the result is a throttle, no worker runs.
   */
  invoke(
    qualifier: string | undefined,
    payload: string,
    requestId: string = randomUUID(),
    options: { tail?: boolean } = {},
  ): { version: string; result: Promise<InvokeResult> } {
    const { label, version } = this.target(qualifier);
    const invokedArn = qualifier ? `${this.arn}:${qualifier}` : this.arn;
    if (this.reserved !== undefined && this.inFlight >= this.reserved) return { version: label, result: Promise.resolve(this.throttled()) };
    this.inFlight += 1;
    const result = this.poolFor(version, label).run((instance, deadline) =>
      instance.invoke(payload, requestId, invokedArn, options.tail === true, deadline),
    );
    void result.finally(() => {
      this.inFlight -= 1;
    });
    return { version: label, result };
  }

  /**
   * `PutFunctionConcurrency`: at most `reserved` invocations of this function run at once (every
   * version and `$LATEST` together); more are throttled, as Lambda refuses them with 429
   * `TooManyRequestsException`. `undefined` removes the limit (`DeleteFunctionConcurrency`).
   */
  putConcurrency(reserved: number | undefined): void {
    this.reserved = reserved;
  }

  private throttled(): InvokeResult {
    return {
      ok: false,
      timedOut: false,
      throttled: true,
      error: {
        errorType: 'TooManyRequestsException',
        errorMessage: `Rate Exceeded. (ReservedFunctionConcurrentInvocationLimitExceeded: reserved concurrency ${this.reserved} reached)`,
        trace: [],
      },
    };
  }

  /**
   * Starts the live version's worker ahead of the first request (imports the handler, runs
   * nothing); settles once the handler is imported or failed to.
   */
  async warm(): Promise<void> {
    const version = this.aliasState?.functionVersion;
    if (version) await this.poolFor(this.resolve(version)).prewarm();
  }

  status(): FunctionStatus {
    const live = this.aliasState?.functionVersion;
    const pool = live === undefined ? undefined : this.pools.get(live);
    const worker = !pool?.alive ? 'cold' : pool.warm ? 'warm' : 'starting';
    const counts = pool?.counts() ?? { busy: 0, idle: 0, starting: 0, queued: 0 };
    return {
      live,
      latest: this.latest?.version,
      worker,
      workers: { ...counts, max: this.maxWorkers },
      coldStarts: this.workersStarted,
      restarts: this.restarts,
      ...(this.reserved !== undefined ? { reservedConcurrency: this.reserved } : {}),
    };
  }

  /** Workers a version may run: the local cap, lowered to the reserved concurrency when that is smaller. */
  private get maxWorkers(): number {
    return Math.min(this.options.pool?.maxWorkers ?? DEFAULT_POOL.maxWorkers, this.reserved ?? Number.POSITIVE_INFINITY);
  }

  private poolFor(version: PublishedVersion, label = version.version): WorkerPool {
    const key = label === LATEST ? `${LATEST}@${version.version}` : label;
    const existing = this.pools.get(key);
    if (existing) return existing;
    const pool = new WorkerPool({
      maxWorkers: () => this.maxWorkers,
      idleMs: (this.options.pool ?? DEFAULT_POOL).idleMs,
      create: () => ({ id: ++this.workersStarted, instance: this.startInstance(version, label) }),
      onDied: (worker, end) => {
        this.restarts += 1;
        this.options.onWorker?.({ type: 'died', worker, version: label, ...(end ? { end } : {}) });
      },
      onColdStart: (worker, initDurationMs) => this.options.onWorker?.({ type: 'cold-start', worker, version: label, initDurationMs }),
    });
    this.pools.set(key, pool);
    return pool;
  }

  private startInstance(version: PublishedVersion, label: string): FunctionInstance {
    return new FunctionInstance({
      runtimeFile: this.options.runtimeFile,
      data: {
        handlerFile: version.bundle.file,
        functionName: this.name,
        functionVersion: label,
        memoryLimitInMB: version.config.memoryMb,
      },
      env: {
        ...version.config.environment,
        AWS_LAMBDA_FUNCTION_NAME: this.name,
        AWS_LAMBDA_FUNCTION_VERSION: label,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(version.config.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.name}`,
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        AWS_EXECUTION_ENV: `AWS_Lambda_${LAMBDA_RUNTIME}`,
        // Lambda's reserved variable; Powertools reads it to report `cold_start` (true on an
        // environment's first request) — without it, every request says `cold_start: false`.
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        // Not Lambda: metrics are not sent as EMF lines (runtimeEnvironment in gateway-core).
        FRONTDESK_LOCAL: 'true',
        ...(process.env.PATH ? { PATH: process.env.PATH } : {}),
      },
      memoryMb: version.config.memoryMb,
      timeoutSeconds: version.config.timeoutSeconds,
      ...(this.options.onOutput ? { onOutput: this.options.onOutput } : {}),
      ...(this.options.onLog ? { onLog: this.options.onLog } : {}),
    });
  }

  /** Retires the workers of every version but `keep` (they finish what they run, then end); returns how many versions had workers running. */
  retireAllBut(keep: string): number {
    let retired = 0;
    for (const [version, pool] of this.pools) {
      if (version === keep) continue;
      this.pools.delete(version);
      if (pool.alive) retired += 1;
      pool.retire();
    }
    return retired;
  }

  /** Ends every worker of this function now (shutdown). */
  async stop(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.stop()));
  }

  private moveLive(functionVersion: string, description = this.aliasState?.description ?? ''): Alias {
    this.aliasState = { name: LIVE_ALIAS, functionVersion, description, revisionId: randomUUID() };
    return this.aliasState;
  }
}
