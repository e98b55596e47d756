/**
 * Runs inside a worker thread: the local stand-in for the Lambda Node.js runtime. It imports one
 * bundled handler, then answers `invoke` messages with the handler's JSON payload or a
 * Lambda-style error (`errorType`, `errorMessage`, `trace`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

export interface RuntimeData {
  readonly handlerFile: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly memoryLimitInMB: number;
}

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly requestId: string;
  readonly payload: string;
  readonly deadline: number;
  readonly invokedFunctionArn: string;
}

export type RuntimeMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: LambdaError }
  | { readonly type: 'result'; readonly id: number; readonly payload: string }
  | { readonly type: 'error'; readonly id: number; readonly error: LambdaError };

export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];
}

type Handler = (event: unknown, context: unknown, callback?: (error: unknown, result?: unknown) => void) => unknown;

export function toLambdaError(error: unknown, fallbackType = 'Error'): LambdaError {
  if (error instanceof Error) {
    return { errorType: error.name || fallbackType, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: fallbackType, errorMessage: String(error), trace: [] };
}

async function start(port: NonNullable<typeof parentPort>, data: RuntimeData): Promise<void> {
  // Bundles carry inline source maps: stack traces point at the app's TypeScript lines.
  process.setSourceMapsEnabled(true);
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
    void invoke(port, data, handler, message);
  });
  port.postMessage({ type: 'ready' } satisfies RuntimeMessage);
}

async function invoke(port: NonNullable<typeof parentPort>, data: RuntimeData, handler: Handler, message: InvokeMessage): Promise<void> {
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
    port.postMessage({ type: 'result', id: message.id, payload: JSON.stringify(result ?? null) } satisfies RuntimeMessage);
  } catch (error) {
    port.postMessage({ type: 'error', id: message.id, error: toLambdaError(error) } satisfies RuntimeMessage);
  }
}

if (parentPort) void start(parentPort, workerData as RuntimeData);
