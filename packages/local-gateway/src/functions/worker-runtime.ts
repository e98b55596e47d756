/**
 * Runs inside a worker thread: the local stand-in for the Lambda Node.js runtime. It imports one
 * bundled handler, then answers `invoke` messages with the handler's JSON payload or a
 * Lambda-style error (`errorType`, `errorMessage`, `trace`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { LogRingWriter } from './log-ring.ts';
import { ANSWERED, STARTED } from './worker-progress.ts';

export interface RuntimeData {
  readonly handlerFile: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly memoryLimitInMB: number;
  /**
   * Hand every stdout/stderr write to the gateway (tagged with the invocation's request id)
   * through this shared ring (`log-ring.ts`) instead of writing it.
   */
  readonly logRing?: SharedArrayBuffer;
  /**
   * Two Int32s the gateway reads without a message (`worker-progress.ts`): how many invocations
   * this worker has taken, and how many it has answered.
   */
  readonly progress?: SharedArrayBuffer;
}

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly requestId: string;
  readonly payload: string;
  readonly deadline: number;
  readonly invokedFunctionArn: string;
  /** Collect this invocation's output for `LogType: Tail`. */
  readonly tail?: boolean;
}

/** What the execution log needs beside the output: the REPORT line's figures. */
export interface InvocationLog {
  /** The invocation's stdout and stderr, at most {@link LOG_KEEP_CHARS} of the end. */
  readonly output: string;
  readonly durationMs: number;
  readonly maxMemoryUsedMb: number;
}

export type RuntimeMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: LambdaError }
  /** `ranMs`: how long the handler ran, as this thread measured it (the pool's measure of a quick function). */
  | { readonly type: 'result'; readonly id: number; readonly payload: string; readonly ranMs: number; readonly log?: InvocationLog }
  | { readonly type: 'error'; readonly id: number; readonly error: LambdaError; readonly ranMs: number; readonly log?: InvocationLog }
  /** Read the log ring now: it is full (the worker waits), or holds lines no result will follow. */
  | { readonly type: 'drain' };

export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];
}

/** Enough of the end of the output for a 4 KB tail, whatever the encoding. */
const LOG_KEEP_CHARS = 8192;

/**
 * The output each invocation writes, kept apart even when invocations overlap in this worker:
 * stdout/stderr writes are attributed through AsyncLocalStorage to the invocation whose code made
 * them (console, Powertools' own Console, process.stdout.write all end in these two streams).
 */
interface InvocationOutput {
  readonly requestId: string;
  /** Its result is posted: what it writes now (background work) is not carried along by a message. */
  settled?: boolean;
  /** Kept for `LogType: Tail`. */
  readonly tail?: { text: string };
}

const invocationOutput = new AsyncLocalStorage<InvocationOutput>();

/**
 * With `ring`, every write goes to the gateway through the shared log ring (tagged with the
 * invocation's request id when there is one) instead of through the worker's stdout stream: no
 * message per write (the gateway reads the ring before it takes the invocation's result, so an
 * invocation's lines arrive first), and no stream whose flow control posts a message back per chunk.
 */
function attributeWrites(stream: NodeJS.WriteStream, name: 'stdout' | 'stderr', ring: RingOutput | undefined): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const store = invocationOutput.getStore();
    if (!store?.tail && !ring) return write(chunk, ...rest);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (store?.tail) {
      store.tail.text += text;
      if (store.tail.text.length > 2 * LOG_KEEP_CHARS) store.tail.text = store.tail.text.slice(-LOG_KEEP_CHARS);
    }
    if (!ring) return write(chunk, ...rest);
    ring.write(name, store?.requestId, text);
    // Outside a running invocation no result follows to carry the line: ask the gateway to read now.
    if (store === undefined || store.settled === true) ring.nudge();
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  }) as typeof stream.write;
}

interface RingOutput {
  write(stream: 'stdout' | 'stderr', requestId: string | undefined, text: string): void;
  nudge(): void;
}

/** Writes into the shared ring; while it is full, asks the gateway to read it and waits (bounded memory, as a pipe). */
function ringOutput(port: NonNullable<typeof parentPort>, shared: SharedArrayBuffer): RingOutput {
  const writer = new LogRingWriter(shared);
  const control = new Int32Array(shared, 0, 2);
  const waitForRoom = (read: number) => {
    port.postMessage({ type: 'drain' } satisfies RuntimeMessage);
    Atomics.wait(control, 1, read, 1000);
  };
  return {
    write: (stream, requestId, text) => writer.write(stream, requestId, text, waitForRoom),
    nudge: () => port.postMessage({ type: 'drain' } satisfies RuntimeMessage),
  };
}

type Handler = (event: unknown, context: unknown, callback?: (error: unknown, result?: unknown) => void) => unknown;

function toLambdaError(error: unknown, fallbackType = 'Error'): LambdaError {
  if (error instanceof Error) {
    return { errorType: error.name || fallbackType, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: fallbackType, errorMessage: String(error), trace: [] };
}

/** `RuntimeData.progress`, as Int32s. */
let progress: Int32Array | undefined;

/** The request id of the invocation this worker took last. */
let lastRequestId: string | undefined;

/**
 * An uncaught exception or unhandled rejection ends the worker (as it ends Lambda's runtime
 * process); first it is logged as the Node.js runtime logs it, an ERROR line of the invocation
 * whose code raised it, or else of the last one taken (background work left by an earlier
 * invocation: in Lambda it resumes, and fails, in the next one): `Uncaught Exception` or
 * `Unhandled Promise Rejection` and the error as JSON (aws-lambda-nodejs-runtime-interface-client,
 * src/index.mjs / Errors.toFormatted). The line reaches the gateway through the log ring even
 * though the thread ends right after (the gateway reads the ring once it takes the end).
 */
function logFatalErrors(ring: RingOutput | undefined): void {
  process.on('uncaughtExceptionMonitor', (error, origin) => {
    // An app that listens for uncaught exceptions itself keeps its worker: nothing fatal to report.
    if (origin === 'uncaughtException' && process.listenerCount('uncaughtException') > 0) return;
    const requestId = invocationOutput.getStore()?.requestId ?? lastRequestId;
    const rejected = origin === 'unhandledRejection';
    const { errorType, errorMessage, trace } = toLambdaError(error);
    // The AWS runtime wraps a rejection's reason as Runtime.UnhandledPromiseRejection, its message the reason as text.
    const fields = rejected
      ? { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: String(error), stack: trace }
      : { errorType, errorMessage, stack: trace };
    const line = errorLine(requestId, rejected ? 'Unhandled Promise Rejection' : 'Uncaught Exception', fields);
    if (ring) ring.write('stderr', requestId, line);
    else process.stderr.write(line);
  });
}

/** An ERROR line as the Node.js runtime writes one: time, request id, level, label, the error as JSON. */
function errorLine(requestId: string | undefined, label: string, error: object): string {
  return `${new Date().toISOString()}\t${requestId ?? 'undefined'}\tERROR\t${label} \t${JSON.stringify(error)}\n`;
}

async function start(port: NonNullable<typeof parentPort>, data: RuntimeData): Promise<void> {
  progress = data.progress ? new Int32Array(data.progress) : undefined;
  // Bundles carry inline source maps: stack traces point at the app's TypeScript lines.
  process.setSourceMapsEnabled(true);
  const ring = data.logRing ? ringOutput(port, data.logRing) : undefined;
  attributeWrites(process.stdout, 'stdout', ring);
  attributeWrites(process.stderr, 'stderr', ring);
  // Before the handler module loads, as the AWS runtime installs its handlers: init errors are reported too.
  logFatalErrors(ring);
  let handler: Handler;
  try {
    const module = (await import(pathToFileURL(data.handlerFile).href)) as { handler?: unknown };
    if (typeof module.handler !== 'function') {
      port.postMessage({
        type: 'init-error',
        error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported', trace: [] },
      } satisfies RuntimeMessage);
      return;
    }
    handler = module.handler as Handler;
  } catch (error) {
    port.postMessage({ type: 'init-error', error: toLambdaError(error, 'Runtime.ImportModuleError') } satisfies RuntimeMessage);
    return;
  }
  port.on('message', (message: InvokeMessage) => {
    // Taken: from here on, this invocation is this worker's to answer or to fail with it, unless
    // the gateway took it back first (its deadline passed before this worker got to it).
    if (progress && Atomics.compareExchange(progress, STARTED, message.id, message.id + 1) !== message.id) return;
    lastRequestId = message.requestId;
    if (!message.tail && !data.logRing) {
      void invoke(port, data, handler, message);
      return;
    }
    const tail = message.tail ? { text: '' } : undefined;
    const store: InvocationOutput = { requestId: message.requestId, ...(tail ? { tail } : {}) };
    if (!tail) {
      void invocationOutput.run(store, () => invoke(port, data, handler, message));
      return;
    }
    const started = performance.now();
    const log = (): InvocationLog => ({
      output: tail.text.slice(-LOG_KEEP_CHARS),
      durationMs: performance.now() - started,
      maxMemoryUsedMb: Math.ceil(getHeapStatistics().used_heap_size / (1024 * 1024)),
    });
    void invocationOutput.run(store, () => invoke(port, data, handler, message, log));
  });
  port.postMessage({ type: 'ready' } satisfies RuntimeMessage);
}

async function invoke(
  port: NonNullable<typeof parentPort>,
  data: RuntimeData,
  handler: Handler,
  message: InvokeMessage,
  log?: () => InvocationLog,
): Promise<void> {
  const started = performance.now();
  const context = {
    functionName: data.functionName,
    functionVersion: data.functionVersion,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(data.memoryLimitInMB),
    awsRequestId: message.requestId,
    logGroupName: `/aws/lambda/${data.functionName}`,
    logStreamName: `local/[${data.functionVersion}]`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  try {
    const event: unknown = JSON.parse(message.payload);
    const result = await (handler.length >= 3
      ? new Promise((resolve, reject) => {
          const returned = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
          if (returned && typeof (returned as Promise<unknown>).then === 'function') (returned as Promise<unknown>).then(resolve, reject);
        })
      : handler(event, context));
    settle();
    // Built before it is marked answered: serialising can throw (a BigInt, a cycle), and the
    // catch below answers instead.
    const reply: RuntimeMessage = {
      type: 'result',
      id: message.id,
      payload: JSON.stringify(result ?? null),
      ranMs: performance.now() - started,
      ...(log ? { log: log() } : {}),
    };
    answer(port, message.id, reply);
  } catch (error) {
    const lambdaError = toLambdaError(error);
    // The Node.js runtime logs an unhandled error as an ERROR line of the invocation.
    if (log) process.stderr.write(errorLine(message.requestId, 'Invoke Error', lambdaError));
    settle();
    answer(port, message.id, {
      type: 'error',
      id: message.id,
      error: lambdaError,
      ranMs: performance.now() - started,
      ...(log ? { log: log() } : {}),
    });
  }
}

/**
 * Posts invocation `id`'s reply, then marks it answered. The mark follows the post so that an
 * answered invocation always has its answer waiting in the gateway's queue: a worker preempted
 * between the two is still running as far as the pool can tell, and stops holding requests once it
 * is 10 ms in (`worker-pool.ts`). The mark is the count of invocations answered (ids run 0, 1, …
 * one at a time), stored rather than added, so it can never run ahead of the invocation the worker
 * is in: a count one ahead would make every later invocation look answered while it runs, and the
 * pool would queue a quick function's requests behind it.
 */
function answer(port: NonNullable<typeof parentPort>, id: number, reply: RuntimeMessage): void {
  port.postMessage(reply);
  if (progress) Atomics.store(progress, ANSWERED, id + 1);
}

/** Marks the running invocation's output as settled (see `InvocationOutput`). */
function settle(): void {
  const store = invocationOutput.getStore();
  if (store) store.settled = true;
}

if (parentPort) void start(parentPort, workerData as RuntimeData);
