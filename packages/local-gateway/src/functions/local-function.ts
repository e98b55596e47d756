import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Bundle } from './bundle.ts';
import { FunctionInstance, type InvokeResult } from './function-instance.ts';

/** The settings a published version freezes, as Lambda does. */
export interface FunctionConfig {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly description: string;
}

export interface PublishedVersion {
  readonly version: string;
  readonly bundle: Bundle;
  readonly config: FunctionConfig;
  readonly lastModified: string;
}

export interface Alias {
  readonly name: string;
  readonly functionVersion: string;
  readonly description: string;
  readonly revisionId: string;
}

export const LIVE_ALIAS = 'live';
export const LATEST = '$LATEST';
export const ACCOUNT_ID = '000000000000';
export const REGION = 'us-east-1';

export class FunctionNotFoundError extends Error {
  readonly code = 'ResourceNotFoundException';
}

export class PreconditionFailedError extends Error {
  readonly code = 'PreconditionFailedException';
}

export interface LocalFunctionOptions {
  readonly name: string;
  readonly runtimeFile: string;
  readonly onOutput?: (stdout: Readable, stderr: Readable) => void;
  /** Receives each invocation's output tagged with its request id; workers then capture it. */
  readonly onLog?: (requestId: string, stream: 'stdout' | 'stderr', text: string) => void;
  /** Called when `UpdateAlias` moves an alias (a rollback, or a roll forward), not on publish. */
  readonly onAliasUpdated?: (alias: Alias, previousVersion: string) => void;
}

/** What a developer wants to know about a function's execution environment right now. */
export interface FunctionStatus {
  /** The version `live` names (what the API invokes). */
  readonly live: string | undefined;
  readonly latest: string | undefined;
  /** `cold`: no environment for the live version; `starting`: importing the handler; `warm`: ready. */
  readonly worker: 'cold' | 'starting' | 'warm';
  /** Environments started again after one ended by a crash, an exit, memory or a timeout. */
  readonly restarts: number;
}

/**
 * One local Lambda function: numbered versions published by each (re)load, `$LATEST`, and the
 * `live` alias the app's API invokes — moving `live` back is a rollback, locally as in AWS.
 */
export class LocalFunction {
  readonly versions: PublishedVersion[] = [];
  private aliasState: Alias | undefined;
  private readonly instances = new Map<string, FunctionInstance>();
  private restarts = 0;

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
   * Invokes in the worker of what the qualifier names, starting one when none is alive. `$LATEST`
   * has its own worker (Lambda gives it its own environments: `context.functionVersion` and
   * `AWS_LAMBDA_FUNCTION_VERSION` say `$LATEST` there).
   */
  invoke(
    qualifier: string | undefined,
    payload: string,
    requestId: string = randomUUID(),
    options: { tail?: boolean } = {},
  ): { version: string; result: Promise<InvokeResult> } {
    const { label, version } = this.target(qualifier);
    const invokedArn = qualifier ? `${this.arn}:${qualifier}` : this.arn;
    return { version: label, result: this.instanceFor(version, label).invoke(payload, requestId, invokedArn, options.tail === true) };
  }

  /**
   * Starts the live version's worker ahead of the first request (imports the handler, runs
   * nothing); settles once the handler is imported or failed to.
   */
  async warm(): Promise<void> {
    const version = this.aliasState?.functionVersion;
    if (version) await this.instanceFor(this.resolve(version)).initialized;
  }

  status(): FunctionStatus {
    const live = this.aliasState?.functionVersion;
    const instance = live === undefined ? undefined : this.instances.get(live);
    const worker = !instance?.alive ? 'cold' : instance.warm ? 'warm' : 'starting';
    return { live, latest: this.latest?.version, worker, restarts: this.restarts };
  }

  private instanceFor(version: PublishedVersion, label = version.version): FunctionInstance {
    const key = label === LATEST ? `${LATEST}@${version.version}` : label;
    const existing = this.instances.get(key);
    if (existing?.alive) return existing;
    // Retired instances leave the map; one still here but not alive ended on its own.
    if (existing) this.restarts += 1;
    const instance = new FunctionInstance({
      runtimeFile: this.options.runtimeFile,
      data: {
        handlerFile: version.bundle.file,
        functionName: this.name,
        functionVersion: label,
        memoryLimitInMB: version.config.memoryMb,
        ...(this.options.onLog ? { captureLogs: true } : {}),
      },
      env: {
        ...version.config.environment,
        AWS_LAMBDA_FUNCTION_NAME: this.name,
        AWS_LAMBDA_FUNCTION_VERSION: label,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(version.config.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.name}`,
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
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
    this.instances.set(key, instance);
    return instance;
  }

  /** Retires the workers of every version but `keep` (they finish what they run, then end); returns how many were running. */
  retireAllBut(keep: string): number {
    let retired = 0;
    for (const [version, instance] of this.instances) {
      if (version === keep) continue;
      this.instances.delete(version);
      if (instance.alive) retired += 1;
      instance.retire();
    }
    return retired;
  }

  /** Ends every worker of this function now (shutdown). */
  async stop(): Promise<void> {
    const instances = [...this.instances.values()];
    this.instances.clear();
    await Promise.all(instances.map((instance) => instance.terminate()));
  }

  private moveLive(functionVersion: string, description = this.aliasState?.description ?? ''): Alias {
    this.aliasState = { name: LIVE_ALIAS, functionVersion, description, revisionId: randomUUID() };
    return this.aliasState;
  }
}
