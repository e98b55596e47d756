import type { Bundle } from './bundle.ts';
import type { PoolCounts } from './worker-pool.ts';

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

/** What a developer wants to know about a function's execution environment right now. */
export interface FunctionStatus {
  /** The version `live` names (what the API invokes). */
  readonly live: string | undefined;
  readonly latest: string | undefined;
  /** `cold`: no environment for the live version; `starting`: importing the handler; `warm`: one is ready. */
  readonly worker: 'cold' | 'starting' | 'warm';
  /** The live version's workers: running a request, idle, importing the handler; requests waiting for one. */
  readonly workers: PoolCounts & { readonly max: number };
  /** Workers started for any version (each was a cold start). */
  readonly coldStarts: number;
  /** Environments that ended on their own: a crash, an exit, memory or a timeout (the next request starts a fresh one). */
  readonly restarts: number;
  /** The function's reserved concurrency, when the manifest sets it. */
  readonly reservedConcurrency?: number;
}
