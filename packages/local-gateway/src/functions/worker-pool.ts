import { availableParallelism } from 'node:os';
import type { FunctionInstance, InvokeResult, WorkerEnd } from './function-instance.ts';

/**
 * How many execution environments one function version may run locally, and how long an idle one
 * is kept. Lambda gives each concurrent request its own environment and keeps an idle one for an
 * undocumented while (minutes, as observed); locally each environment is a worker thread.
 */
export interface PoolSettings {
  /** Workers per version at most; requests beyond wait for the next free worker. */
  readonly maxWorkers: number;
  /** An idle worker is ended after this many milliseconds without a request. */
  readonly idleMs: number;
}

/** `FRONTDESK_MAX_WORKERS` and `FRONTDESK_WORKER_IDLE_SECONDS` unset. */
export const DEFAULT_POOL: PoolSettings = { maxWorkers: 10, idleMs: 5 * 60_000 };

/** What the pool adds to an invocation's result: which worker ran it and whether it was cold. */
export interface WorkerNote {
  /** The worker's number within its function (1, 2, …), as log lines and the console name it. */
  readonly id: number;
  /** True when this invocation started the worker (its init phase ran first). */
  readonly cold: boolean;
  /** Milliseconds the handler module took to import (cold invocations only). */
  readonly initDurationMs?: number;
}

export interface PoolCounts {
  readonly busy: number;
  readonly idle: number;
  readonly starting: number;
  /** Requests waiting for a worker (all `maxWorkers` busy). */
  readonly queued: number;
}

interface Slot {
  readonly id: number;
  readonly instance: FunctionInstance;
  idleTimer?: NodeJS.Timeout;
  /** When its current invocation (or its init phase) began (`performance.now()`). */
  busySince: number;
  /** Started by `prewarm` and not yet taken: the next request claims it instead of starting another. */
  unclaimed?: boolean;
}

/**
 * A request that finds every worker busy gets a new worker once every running invocation has run
 * this long; before that it waits for the first worker freed. Starting a worker (a V8 isolate,
 * the handler's import) takes tens of milliseconds, longer than a quick invocation has left, and
 * each extra thread takes CPU from the gateway's own: measured at 50 connections on 2 cores, 10
 * workers served less than half the requests 2 did. A slow request still never queues the next
 * one for longer than this.
 */
const QUICK_INVOCATION_MS = 10;

/**
 * A function whose recent invocations ran this long or less on average (as its workers measured
 * them) is quick: a request waits for one of its busy workers that has answered or is not yet
 * {@link QUICK_INVOCATION_MS} into its invocation, rather than taking an idle worker. Waking a
 * thread costs more than such an invocation: each worker is an isolate of its own (its own
 * compiled code, heap and caches), so workers taking turns are all cold. Measured at 50
 * connections on 2 cores (pnpm dev, the users app's GET /me), ten workers in turn took 870–1,010
 * µs of CPU per request, the same workload kept on one 370–690. A slow function never waits.
 */
const QUICK_MEAN_MS = 1;

/**
 * Workers of a quick function that run at once: one per core beyond the one the gateway's own
 * thread keeps busy. More only take turns on the same cores, each paying its own wake-ups.
 */
const QUICK_THREADS = Math.max(1, availableParallelism() - 1);

export interface WorkerPoolOptions {
  /** Workers at most, read on each request (the function's reserved concurrency may change). */
  readonly maxWorkers: () => number;
  readonly idleMs: number;
  /** Starts a new worker (a cold start); `id` numbers it within the function. */
  readonly create: () => { readonly id: number; readonly instance: FunctionInstance };
  /** A worker ended on its own (crash, exit, memory, timeout, init failure): not retired by the pool; `end` says why. */
  readonly onDied?: (id: number, end: WorkerEnd | undefined) => void;
  /** A worker finished its init phase. */
  readonly onColdStart?: (id: number, initDurationMs: number | undefined) => void;
}

/**
 * The execution environments of one function version: one request per worker at a time, as
 * Lambda runs them. A request waits for a busy worker of a quick function (`QUICK_MEAN_MS`) that
 * has answered, or is under {@link QUICK_INVOCATION_MS} into its invocation; else it takes the
 * most recently used idle worker (so the others age out),
 * else starts a worker up to `maxWorkers` once the busy ones are slow (`QUICK_INVOCATION_MS`),
 * else waits for the first one freed. An idle worker is retired after `idleMs`; a worker that
 * died is dropped and replaced on demand.
 */
export class WorkerPool {
  /** Idle workers, most recently used last. */
  private readonly idle: Slot[] = [];
  private readonly busy = new Set<Slot>();
  private readonly waiting: Array<(acquired: Acquired | undefined) => void> = [];
  private retired = false;
  /** `stop` ran: nothing starts again. */
  private stopped = false;
  private growthTimer: NodeJS.Timeout | undefined;
  /** When `growthTimer` fires (`performance.now()` time). */
  private growthAt = Number.POSITIVE_INFINITY;
  /** Recent invocations' mean run time (ms, as the workers measured it); undefined before the first. */
  private meanMs: number | undefined;

  constructor(private readonly options: WorkerPoolOptions) {}

  /**
   * Runs one invocation on a worker of its own; the result says which worker and whether it was cold.
   *
   * A worker that ends on its own between invocations (its handler exits, or leaves an unhandled
   * rejection, after answering) may be handed the next request before this thread takes its exit.
   * That request never started there (`notStarted`: the worker had not taken it), so it goes first
   * in line for a fresh worker, a cold start, instead of failing for another request's exit, with
   * the time left before its first deadline (`InvokeResult.deadline`, passed to `invoke`). So in
   * Lambda: an environment takes an invocation only by asking for it (Runtime API `GET
   * /runtime/invocation/next`), and "if the Lambda function crashes or times out during the Invoke
   * phase, Lambda resets the execution environment", initializing a runtime again for the next
   * invocation (docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html, "Failures
   * during the invoke phase"; runtimes-api.html, "Next invocation"). The request whose own handler
   * was running when the worker ended still fails (`Runtime.ExitError`), and so does one whose
   * worker was started for it and ended before taking it (its init phase's own doing, as Lambda
   * reports an init failure to the invocation that started it): that bounds the retries, one per
   * worker that ended after serving another request.
   */
  async run(invoke: (instance: FunctionInstance, deadline?: number) => Promise<InvokeResult>): Promise<InvokeResult> {
    let acquired = await this.acquire();
    /** A retry's deadline: the first attempt's, kept (`InvokeResult.deadline`). */
    let deadline: number | undefined;
    for (;;) {
      if (!acquired) return { ok: false, timedOut: false, error: SHUT_DOWN };
      const { slot, cold } = acquired;
      let result: InvokeResult;
      try {
        result = await invoke(slot.instance, deadline);
      } catch (error) {
        this.release(slot);
        throw error;
      }
      if (!result.ok && result.notStarted === true && !cold && !this.stopped) {
        // First in line: releasing the dead worker starts its replacement for the first request waiting.
        const next = new Promise<Acquired | undefined>((resolve) => this.waiting.unshift(resolve));
        this.release(slot);
        deadline = result.deadline;
        acquired = await next;
        continue;
      }
      this.release(slot);
      if (result.ranMs !== undefined)
        this.meanMs = this.meanMs === undefined ? result.ranMs : this.meanMs + (result.ranMs - this.meanMs) / 8;
      const initDurationMs = cold ? slot.instance.initDurationMs : undefined;
      return { ...result, worker: { id: slot.id, cold, ...(initDurationMs !== undefined ? { initDurationMs } : {}) } };
    }
  }

  /**
   * Starts one worker ahead of a request (`startDevServer({ warm: true })`, a reloaded app's new
   * version); settles once it is initialized. A request arriving meanwhile takes this worker as
   * soon as its init phase ends instead of starting a second one: two imports of the same
   * handler would share the CPU, and the request would wait for its own.
   */
  async prewarm(): Promise<void> {
    if (this.retired || this.idle.length + this.busy.size > 0) return;
    const { slot } = await this.coldStart(true);
    if (!slot.unclaimed) return; // a request took it
    slot.unclaimed = false;
    this.release(slot);
  }

  counts(): PoolCounts {
    let starting = 0;
    for (const slot of this.busy) if (!slot.instance.warm && slot.instance.alive) starting += 1;
    return { busy: this.busy.size - starting, idle: this.idle.length, starting, queued: this.waiting.length };
  }

  /** True when some worker has imported the handler and is still running. */
  get warm(): boolean {
    return this.idle.some((slot) => slot.instance.warm) || [...this.busy].some((slot) => slot.instance.warm);
  }

  /** True while any worker runs or starts. */
  get alive(): boolean {
    return this.idle.some((slot) => slot.instance.alive) || [...this.busy].some((slot) => slot.instance.alive);
  }

  /** Ends idle workers now and busy ones once their request finishes (a replaced version drains, as in Lambda). */
  retire(): void {
    this.retired = true;
    for (const slot of this.idle.splice(0)) this.end(slot);
  }

  /** Ends every worker now (shutdown); queued requests get an error. */
  async stop(): Promise<void> {
    this.retired = true;
    this.stopped = true;
    clearTimeout(this.growthTimer);
    for (const waiter of this.waiting.splice(0)) waiter(undefined);
    const slots = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    for (const slot of slots) clearTimeout(slot.idleTimer);
    await Promise.all(slots.map((slot) => slot.instance.terminate()));
  }

  private acquire(): Promise<Acquired | undefined> {
    const acquired = new Promise<Acquired | undefined>((resolve) => this.waiting.push(resolve));
    this.dispatch();
    return acquired;
  }

  /**
   * Gives waiting requests workers, oldest first: an idle one (the most recently used), the one
   * `prewarm` is starting, or a new one while every running invocation is slow; none while the busy
   * workers are quick enough to take them soon (`shouldWait`). Requests left wait for a freed worker.
   */
  private dispatch(): void {
    while (this.waiting.length > 0 && !this.shouldWait()) {
      const slot = this.takeIdle();
      if (slot) {
        this.waiting.shift()!({ slot, cold: false });
        continue;
      }
      const warming = this.claimWarming();
      if (warming) {
        void warming.then(this.waiting.shift()!);
        continue;
      }
      if (this.busy.size === 0 || (this.busy.size < this.options.maxWorkers() && this.allBusyFor(QUICK_INVOCATION_MS))) {
        void this.coldStart().then(this.waiting.shift()!);
        continue;
      }
      break;
    }
    this.scheduleGrowth();
  }

  /** The most recently used idle worker still alive, now busy; dead ones found on the way are dropped. */
  private takeIdle(): Slot | undefined {
    for (let slot = this.idle.pop(); slot; slot = this.idle.pop()) {
      clearTimeout(slot.idleTimer);
      if (slot.instance.alive) {
        slot.busySince = performance.now();
        this.busy.add(slot);
        return slot;
      }
      this.options.onDied?.(slot.id, slot.instance.end);
    }
    return undefined;
  }

  /**
   * True when the waiting requests should wait for busy workers: the function is quick
   * ({@link QUICK_MEAN_MS}) and its quick workers (warm, and not yet {@link QUICK_INVOCATION_MS}
   * into their invocation, or done with it) are enough: as many as can run beside the gateway's
   * own thread ({@link QUICK_THREADS}), or expected to reach every waiting request within
   * {@link QUICK_INVOCATION_MS}.
   *
   * How long a request has waited does not count: a worker that has answered is free as soon as
   * this thread takes its answer, which no other worker can make sooner. Under load the queue is
   * long because the gateway's own thread is busy (at 50 connections a request waits ~15 ms on a
   * quiet 2-core machine), and handing it to idle workers then only adds threads: measured on the
   * shared machine, all ten workers kept busy took ~2× the CPU per request one did, with fewer
   * requests served. A worker that stops short of answering (a slow invocation, or its thread
   * preempted) stops holding requests once it is {@link QUICK_INVOCATION_MS} in.
   */
  private shouldWait(): boolean {
    const mean = this.meanMs;
    if (mean === undefined || mean > QUICK_MEAN_MS) return false;
    const since = performance.now() - QUICK_INVOCATION_MS;
    let quick = 0;
    for (const slot of this.busy) {
      if (slot.instance.warm && (slot.busySince > since || slot.instance.answered)) quick += 1;
    }
    return quick > 0 && (quick >= QUICK_THREADS || this.waiting.length * mean <= QUICK_INVOCATION_MS * quick);
  }

  /** The worker `prewarm` is starting, taken by this request (its init phase counts as the request's cold start). */
  private claimWarming(): Promise<Acquired> | undefined {
    for (const slot of this.busy) {
      if (!slot.unclaimed) continue;
      slot.unclaimed = false;
      return slot.instance.initialized.then(() => {
        slot.busySince = performance.now();
        return { slot, cold: true };
      });
    }
    return undefined;
  }

  /** True when every busy worker's invocation began at least `ms` ago. */
  private allBusyFor(ms: number): boolean {
    const since = performance.now() - ms;
    for (const slot of this.busy) if (slot.busySince > since) return false;
    return true;
  }

  /**
   * Checks again when a running invocation turns slow ({@link QUICK_INVOCATION_MS}): the oldest
   * still young one while a worker is idle (the waiting requests may stop waiting for it), the
   * youngest while the pool may grow (every busy worker slow: a new one). A worker done with its
   * invocation needs no timer: its answer, once taken, frees it. A check already due later is
   * moved up: a worker that went idle since brings the oldest young invocation's line forward.
   */
  private scheduleGrowth(): void {
    if (this.waiting.length === 0) return;
    const mayGrow = this.busy.size < this.options.maxWorkers();
    if (this.idle.length === 0 && !mayGrow) return;
    const since = performance.now() - QUICK_INVOCATION_MS;
    let oldestYoung = Number.POSITIVE_INFINITY;
    let youngest = Number.NEGATIVE_INFINITY;
    for (const slot of this.busy) {
      if (slot.instance.warm && slot.instance.answered) continue;
      youngest = Math.max(youngest, slot.busySince);
      if (slot.busySince > since) oldestYoung = Math.min(oldestYoung, slot.busySince);
    }
    let at = Number.POSITIVE_INFINITY;
    if (this.idle.length > 0 && oldestYoung !== Number.POSITIVE_INFINITY) at = oldestYoung + QUICK_INVOCATION_MS;
    // Every such invocation already slow: the dispatch that just ran saw them so, and only a release changes that.
    if (mayGrow && youngest > since) at = Math.min(at, youngest + QUICK_INVOCATION_MS);
    if (at === Number.POSITIVE_INFINITY) return;
    if (this.growthTimer !== undefined) {
      if (this.growthAt <= at) return;
      clearTimeout(this.growthTimer);
    }
    this.growthAt = at;
    this.growthTimer = setTimeout(
      () => {
        this.growthTimer = undefined;
        this.growthAt = Number.POSITIVE_INFINITY;
        this.dispatch();
      },
      Math.max(0, at - performance.now()),
    );
  }

  /** A new worker, counted busy from the start; settles once its init phase ended (or failed). */
  private async coldStart(unclaimed = false): Promise<Acquired> {
    const { id, instance } = this.options.create();
    const slot: Slot = { id, instance, busySince: performance.now(), unclaimed };
    this.busy.add(slot);
    await instance.initialized;
    if (instance.warm) this.options.onColdStart?.(id, instance.initDurationMs);
    return { slot, cold: true };
  }

  private release(slot: Slot): void {
    if (!this.busy.delete(slot)) return; // stopped meanwhile
    if (!slot.instance.alive) {
      if (!this.retired) this.options.onDied?.(slot.id, slot.instance.end);
      // A request waiting for this worker gets a fresh one (a cold start) instead.
      const next = this.waiting.shift();
      if (next) void this.coldStart().then(next);
      return;
    }
    if (this.waiting.length > 0 && (this.retired || !this.shouldWait())) {
      slot.busySince = performance.now();
      this.busy.add(slot);
      this.waiting.shift()!({ slot, cold: false });
      return;
    }
    // Enough quick workers stay busy for the waiting requests (if any): this one idles (and is retired if unused).
    if (this.retired) {
      this.end(slot);
      return;
    }
    slot.idleTimer = setTimeout(() => {
      const index = this.idle.indexOf(slot);
      if (index === -1) return;
      this.idle.splice(index, 1);
      this.end(slot);
    }, this.options.idleMs).unref();
    this.idle.push(slot);
    if (this.waiting.length > 0) this.scheduleGrowth();
  }

  private end(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    slot.instance.retire();
  }
}

interface Acquired {
  readonly slot: Slot;
  readonly cold: boolean;
}

const SHUT_DOWN = { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited: environment shut down', trace: [] };
