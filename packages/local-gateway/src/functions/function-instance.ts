import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import type { InvokeMessage, LambdaError, RuntimeData, RuntimeMessage } from './worker-runtime.ts';

/** What one invocation produced: the payload, or a function error as Lambda reports it. */
export type InvokeResult =
  | { readonly ok: true; readonly payload: string }
  | { readonly ok: false; readonly error: LambdaError; readonly timedOut: boolean };

export interface InstanceOptions {
  readonly runtimeFile: string;
  readonly data: RuntimeData;
  readonly env: Record<string, string>;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Receives the worker's stdout and stderr streams (for the log printer). */
  readonly onOutput?: (stdout: Readable, stderr: Readable) => void;
}

interface Pending {
  readonly resolve: (result: InvokeResult) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One execution environment of one function version: a worker thread with its own module
 * graph, environment and heap limit (the function's memory). A handler that throws at import,
 * exits, runs out of memory or outlives its timeout ends this instance only; the owner starts a
 * fresh one on the next invocation.
 */
export class FunctionInstance {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private retiring = false;
  private initError: LambdaError | undefined;
  #dead = false;

  constructor(private readonly options: InstanceOptions) {
    this.worker = new Worker(options.runtimeFile, {
      workerData: options.data,
      env: options.env,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
    options.onOutput?.(this.worker.stdout, this.worker.stderr);
    this.worker.on('message', (message: RuntimeMessage) => this.onMessage(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail({
        errorType: outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
        errorMessage: outOfMemory ? 'Runtime exited with error: signal: killed (out of memory)' : `Runtime exited with error: ${error.message}`,
        trace: [],
      });
    });
    this.worker.on('exit', (code) => {
      this.fail({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}`, trace: [] });
    });
  }

  /** False once the worker ended; the owner replaces a dead instance. */
  get alive(): boolean {
    return !this.#dead && !this.retiring;
  }

  invoke(payload: string, requestId: string, invokedFunctionArn: string): Promise<InvokeResult> {
    if (this.#dead) {
      return Promise.resolve({ ok: false, timedOut: false, error: this.initError ?? { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited', trace: [] } });
    }
    const id = this.nextId++;
    const timeoutMs = this.options.timeoutSeconds * 1000;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({
          ok: false,
          timedOut: true,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.options.timeoutSeconds.toFixed(2)} seconds`,
            trace: [],
          },
        });
        // Lambda discards an environment whose invocation timed out; a loop can't be interrupted otherwise.
        void this.terminate();
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      const message: InvokeMessage = { type: 'invoke', id, requestId, payload, deadline: Date.now() + timeoutMs, invokedFunctionArn };
      this.worker.postMessage(message);
    });
  }

  /** Ends the instance once the invocations it is running finish (a replaced version drains, as in Lambda). */
  retire(): void {
    this.retiring = true;
    if (this.pending.size === 0) void this.terminate();
  }

  async terminate(): Promise<void> {
    this.fail({ errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited: environment shut down', trace: [] });
    await this.worker.terminate();
  }

  private onMessage(message: RuntimeMessage): void {
    if (message.type === 'ready') return;
    if (message.type === 'init-error') {
      this.initError = message.error;
      this.fail(message.error);
      void this.worker.terminate();
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    pending.resolve(message.type === 'result' ? { ok: true, payload: message.payload } : { ok: false, timedOut: false, error: message.error });
    if (this.retiring && this.pending.size === 0) void this.terminate();
  }

  /** Marks the instance dead and answers every invocation still waiting with `error`. */
  private fail(error: LambdaError): void {
    this.#dead = true;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.resolve({ ok: false, timedOut: false, error });
    }
  }
}
