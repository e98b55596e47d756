import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import type { WorkerNote } from './worker-pool.ts';
import type { InvocationLog, InvokeMessage, LambdaError, RuntimeData, RuntimeMessage } from './worker-runtime.ts';
import { type OnLog, WorkerLogs } from './worker-logs.ts';
import { ANSWERED, MAX_INVOCATIONS, PROGRESS_BYTES, STARTED, WITHDRAWN } from './worker-progress.ts';

/**
 * What one invocation produced: the payload, or a function error as Lambda reports it (`throttled`:
 * Lambda refused it for the function's reserved concurrency; no worker ran it). `worker` names the
 * worker that ran it and whether that was its cold start; `ranMs` is how long the handler ran, as
 * its worker measured it (absent when the worker never answered). `notStarted`: the worker ended
 * before it took the invocation (no handler code ran for it); the pool runs it on another worker.
 */
export type InvokeResult =
  | { readonly ok: true; readonly payload: string; readonly ranMs?: number; readonly log?: InvocationLog; readonly worker?: WorkerNote }
  | {
      readonly ok: false;
      readonly error: LambdaError;
      readonly timedOut: boolean;
      readonly throttled?: boolean;
      readonly ranMs?: number;
      readonly log?: InvocationLog;
      readonly worker?: WorkerNote;
      readonly notStarted?: boolean;
      /**
       * With `notStarted`: the invocation's deadline (`Date.now()` time), which a retry on another
       * worker keeps: the request's time runs from its first post, not again from the retry.
       */
      readonly deadline?: number;
    };

/** Why a worker ended on its own, for the developer's log (Lambda logs it before the runtime exits). */
export interface WorkerEnd {
  /** The error that ended it: an uncaught exception's or rejection's own type, `Runtime.ExitError`, `Runtime.OutOfMemory`, `Sandbox.Timedout`, an init error. */
  readonly errorType: string;
  readonly errorMessage: string;
  /** The thread's exit code, when it exited on its own (`process.exit`; an uncaught error's end is reported before its exit). */
  readonly exitCode?: number;
  /** The invocation it took last: whose code (or background work left behind) most likely ended it. */
  readonly requestId?: string;
}

export interface InstanceOptions {
  readonly runtimeFile: string;
  readonly data: RuntimeData;
  readonly env: Record<string, string>;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Receives the worker's stdout and stderr streams (for the log printer). */
  readonly onOutput?: (stdout: Readable, stderr: Readable) => void;
  /**
   * Receives what the worker wrote, whole lines only, tagged with the invocation's request id when
   * an invocation wrote it (through a shared ring, `worker-logs.ts`; the worker's stdout streams
   * stay silent then).
   */
  readonly onLog?: OnLog;
}

/**
 * Lambda runs a function's init phase (importing the handler module) under its own 10-second
 * limit, apart from the invocation timeout: an environment's cold start never eats into the
 * handler's `timeoutSeconds`.
 */
const INIT_LIMIT_MS = 10_000;

interface Pending {
  readonly resolve: (result: InvokeResult) => void;
  readonly timer: NodeJS.Timeout;
  readonly requestId: string;
  readonly deadline: number;
}

/**
 * One execution environment of one function version: a worker thread with its own module
 * graph, environment and heap limit (the function's memory). Its pool (`worker-pool.ts`) gives it
 * one invocation at a time, as Lambda does. A handler that throws at import, exits, runs out of
 * memory or outlives its timeout ends this instance only; the pool starts a fresh one on demand.
 */
export class FunctionInstance {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** `RuntimeData.progress`: how many of the `nextId` invocations posted the worker has taken, and answered. */
  private readonly progress = new Int32Array(new SharedArrayBuffer(PROGRESS_BYTES));
  private awaitingInit = 0;
  private retiring = false;
  private initError: LambdaError | undefined;
  /** Why the worker ended (the first reason seen). */
  private deathError: LambdaError | undefined;
  /** What ended it, as the worker saw it (an uncaught error's own type and message, a timeout). */
  private cause: LambdaError | undefined;
  private exitCode: number | undefined;
  /** `terminate` ran: the exit that follows is the gateway's doing. */
  private terminating = false;
  /** The request ids of the last two invocations posted (`nextId - 1`, and the one before). */
  private lastRequestId: string | undefined;
  private previousRequestId: string | undefined;
  #dead = false;
  #ready = false;
  /** Settles when the handler module is imported, or when the instance dies first. */
  readonly initialized: Promise<void>;
  private settleInit: () => void = () => undefined;
  private readonly initTimer: NodeJS.Timeout;
  private readonly startedAt = performance.now();
  #initDurationMs: number | undefined;
  private readonly logs: WorkerLogs | undefined;

  constructor(private readonly options: InstanceOptions) {
    this.logs = options.onLog ? new WorkerLogs(options.onLog) : undefined;
    this.initialized = new Promise((resolve) => {
      this.settleInit = resolve;
    });
    this.initTimer = setTimeout(() => {
      this.initError = {
        errorType: 'Sandbox.Timedout',
        errorMessage: `Init phase exceeded ${INIT_LIMIT_MS / 1000} seconds`,
        trace: [],
      };
      this.fail(this.initError, { initTimedOut: true });
      void this.worker.terminate();
    }, INIT_LIMIT_MS).unref();
    this.worker = new Worker(options.runtimeFile, {
      workerData: {
        ...options.data,
        progress: this.progress.buffer as SharedArrayBuffer,
        ...(this.logs ? { logRing: this.logs.shared } : {}),
      },
      env: options.env,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
    options.onOutput?.(this.worker.stdout, this.worker.stderr);
    this.worker.on('message', (message: RuntimeMessage) => this.onMessage(message));
    // 'error': an uncaught exception (an unhandled rejection too) or running out of memory has ended
    // the thread ("the worker is terminated", Node.js worker_threads docs); 'exit': it has stopped.
    // Either way it runs no more code: what it has taken (`STARTED`) is final.
    this.worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.cause ??= outOfMemory
        ? { errorType: 'Runtime.OutOfMemory', errorMessage: error.message, trace: [] }
        : { errorType: error.name || 'Error', errorMessage: error.message, trace: [] };
      this.fail(
        {
          errorType: outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
          errorMessage: outOfMemory
            ? 'Runtime exited with error: signal: killed (out of memory)'
            : `Runtime exited with error: ${error.message}`,
          trace: [],
        },
        { ended: true },
      );
    });
    this.worker.on('exit', (code) => {
      if (!this.terminating) this.exitCode = code;
      this.fail(
        { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}`, trace: [] },
        { ended: true, exited: true },
      );
    });
  }

  /** True once the handler module is imported and the worker still runs: the environment is warm. */
  get warm(): boolean {
    return this.#ready && !this.#dead;
  }

  /** Milliseconds from starting the worker to the handler module imported (Lambda's `Init Duration`); undefined until then. */
  get initDurationMs(): number | undefined {
    return this.#initDurationMs;
  }

  /**
   * True when the worker has posted its answers to the invocations it runs, not taken yet (the
   * gateway's thread is busy): it is free once this thread reads its queue. False when it runs none.
   */
  get answered(): boolean {
    return this.pending.size > 0 && Atomics.load(this.progress, ANSWERED) === this.nextId;
  }

  /** Why the worker ended, once it has (undefined while it runs). */
  get end(): WorkerEnd | undefined {
    if (!this.#dead) return undefined;
    const { errorType, errorMessage } = this.cause ?? this.initError ?? this.deathError ?? SHUT_DOWN;
    // The last invocation it took: invocations are posted one at a time, so at most the last one
    // posted was not taken (or was taken back: `WITHDRAWN` is below every id).
    const requestId = this.nextId - 1 < Atomics.load(this.progress, STARTED) ? this.lastRequestId : this.previousRequestId;
    return {
      errorType,
      errorMessage,
      ...(this.exitCode !== undefined ? { exitCode: this.exitCode } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
    };
  }

  /** False once the worker ended; the owner replaces a dead instance. */
  get alive(): boolean {
    return !this.#dead && !this.retiring;
  }

  /**
   * @param tail collect the invocation's output and REPORT figures (`LogType: Tail`)
   * @param deadline when the invocation must have answered (`Date.now()` time): a retry's, kept
   *   from its first post (`WorkerPool.run`); by default `timeoutSeconds` from when it is posted
   */
  async invoke(payload: string, requestId: string, invokedFunctionArn: string, tail = false, deadline?: number): Promise<InvokeResult> {
    // A request waiting for the init phase is in flight too: retiring the instance meanwhile must not end it.
    this.awaitingInit += 1;
    await this.initialized;
    this.awaitingInit -= 1;
    const now = Date.now();
    const due = deadline ?? now + this.options.timeoutSeconds * 1000;
    if (this.#dead) {
      // Ended after its init phase, before this invocation was posted: never started here.
      if (this.#ready && !this.initError)
        return { ok: false, timedOut: false, error: this.deathError ?? SHUT_DOWN, notStarted: true, deadline: due };
      return {
        ok: false,
        timedOut: this.initTimedOut,
        error: this.initError ?? { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited', trace: [] },
      };
    }
    // A retry whose time ran out meanwhile (the fresh worker's cold start counts, as Lambda counts a
    // suppressed init in the invocation's duration): timed out, as it would have been where it was.
    if (due <= now) return { ok: false, timedOut: true, error: this.timedOut(requestId) };
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // Timed out even if an answer is queued behind this timer: when the worker answered is not
        // known here, and an answer can be lost (a closed port) — deferring to it let overruns pass
        // as successes and could wait forever. A stall of this thread can cost a request its answer.
        this.pending.delete(id);
        // Not taken by its deadline: the worker is stuck in earlier work (background work after an
        // answer), or it has ended and this thread has not taken its exit yet. Taken back, it can
        // never start there, and is not run elsewhere either: its time is up (before the gateway's
        // own limit, 30 s on an HTTP API), so it times out as one that ran would.
        Atomics.compareExchange(this.progress, STARTED, id, WITHDRAWN);
        const error = this.timedOut(requestId);
        this.cause ??= error;
        resolve({ ok: false, timedOut: true, error });
        // Lambda discards an environment whose invocation timed out; a loop can't be interrupted otherwise.
        void this.terminate();
      }, due - now);
      this.pending.set(id, { resolve, timer, requestId, deadline: due });
      const message: InvokeMessage = {
        type: 'invoke',
        id,
        requestId,
        payload,
        deadline: due,
        invokedFunctionArn,
        ...(tail ? { tail } : {}),
      };
      this.worker.postMessage(message);
      this.previousRequestId = this.lastRequestId;
      this.lastRequestId = requestId;
      // Its last id: the shared counts (Int32s) must hold `id + 1`, and stay apart from `WITHDRAWN`.
      if (this.nextId >= MAX_INVOCATIONS) this.retire();
    });
  }

  private timedOut(requestId: string): LambdaError {
    return {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.options.timeoutSeconds.toFixed(2)} seconds`,
      trace: [],
    };
  }

  /** Ends the instance once the invocations it is running finish (a replaced version drains, as in Lambda). */
  retire(): void {
    this.retiring = true;
    if (this.pending.size === 0 && this.awaitingInit === 0) void this.terminate();
  }

  async terminate(): Promise<void> {
    this.terminating = true;
    this.fail(SHUT_DOWN);
    await this.worker.terminate();
  }

  private onMessage(message: RuntimeMessage): void {
    // What the worker wrote before posting this comes first: an invocation's lines before its result.
    this.logs?.drain();
    if (message.type === 'drain') return;
    if (message.type === 'ready') {
      this.#ready = true;
      this.#initDurationMs = performance.now() - this.startedAt;
      clearTimeout(this.initTimer);
      this.settleInit();
      return;
    }
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
    const log = message.log ? { log: message.log } : {};
    pending.resolve(
      message.type === 'result'
        ? { ok: true, payload: message.payload, ranMs: message.ranMs, ...log }
        : { ok: false, timedOut: false, error: message.error, ranMs: message.ranMs, ...log },
    );
    if (this.retiring && this.pending.size === 0) void this.terminate();
  }

  private initTimedOut = false;

  /**
   * Marks the instance dead and answers every invocation still waiting: with `error` when the
   * worker had taken it (its handler was running: Lambda fails that invocation with the runtime),
   * as `notStarted` when `ended` says the worker runs no more code and it had not taken it yet (it
   * ended between invocations; Lambda would have given the invocation to another environment),
   * or timed out when its deadline has passed meanwhile; not at all when it has answered (`exited`
   * false: its answer is still to come).
   * The gateway's own `terminate` may race the worker taking one: those fail with `error`.
   */
  private fail(error: LambdaError, { initTimedOut = false, ended = false, exited = false } = {}): void {
    this.logs?.close();
    this.#dead = true;
    this.deathError ??= error;
    this.initTimedOut ||= initTimedOut;
    clearTimeout(this.initTimer);
    this.settleInit();
    const started = ended ? Atomics.load(this.progress, STARTED) : Number.POSITIVE_INFINITY;
    // Answered, the answer still queued: the message settles it. Node delivers what a worker posted
    // before its 'exit' event, but its 'error' event (an uncaught exception) may come first.
    const answered = ended && !exited ? Atomics.load(this.progress, ANSWERED) : 0;
    const now = Date.now();
    for (const [id, pending] of this.pending) {
      if (id < answered) continue;
      clearTimeout(pending.timer);
      this.pending.delete(id);
      if (id < started) pending.resolve({ ok: false, timedOut: false, error });
      // Its deadline passed before this thread took the exit (held up): timed out, as its timer would have said.
      else if (pending.deadline <= now) pending.resolve({ ok: false, timedOut: true, error: this.timedOut(pending.requestId) });
      else pending.resolve({ ok: false, timedOut: false, error, notStarted: true, deadline: pending.deadline });
    }
  }
}

const SHUT_DOWN: LambdaError = { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited: environment shut down', trace: [] };
