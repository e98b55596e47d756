import type { Readable } from 'node:stream';
import type { AppManifest } from '@frontdesk/gateway-core';
import { appFunctionName } from '@frontdesk/gateway-core/contract';
import type { WorkerEnd } from '../functions/function-instance.ts';
import { LocalFunction } from '../functions/local-function.ts';
import type { DevWorkspaceOptions } from './dev-workspace.ts';

/**
 * An app's local Lambda function, named as deployed, whose output, worker start-ups and ends,
 * and alias moves reach the developer as workspace events tagged with the app.
 */
export function appFunction(manifest: AppManifest, options: DevWorkspaceOptions, runtimeFile: string): LocalFunction {
  return new LocalFunction({
    name: appFunctionName(options.stage, manifest.name),
    runtimeFile: runtimeFile,
    ...(options.onOutput ? { onOutput: (stdout: Readable, stderr: Readable) => options.onOutput?.(manifest.name, stdout, stderr) } : {}),
    ...(options.onLog
      ? {
          onLog: (requestId: string | undefined, stream: 'stdout' | 'stderr', text: string) =>
            options.onLog?.(manifest.name, requestId, stream, text),
        }
      : {}),
    ...(options.pool ? { pool: options.pool } : {}),
    onWorker: (event) =>
      options.onEvent(
        event.type === 'cold-start'
          ? {
              level: 'info',
              app: manifest.name,
              message: `cold start: worker ${event.worker} (version ${event.version}) imported the handler in ${Math.round(event.initDurationMs ?? 0)} ms`,
            }
          : {
              level: 'warning',
              app: manifest.name,
              message: `worker ${event.worker} (version ${event.version}) ended${event.end ? ` (${describeEnd(event.end)})` : ''}; the next request starts a fresh one`,
            },
      ),
    onAliasUpdated: (alias, previous) =>
      options.onEvent({
        level: 'info',
        app: manifest.name,
        message: `${alias.name} moved from version ${previous} to version ${alias.functionVersion} (UpdateAlias${Number(alias.functionVersion) < Number(previous) ? ': rolled back' : ''}); the gateway serves version ${alias.functionVersion}`,
      }),
  });
}

/**
 * Why a worker ended, in one line: `Error: connect ECONNRESET, exit status 1, last request 5f…`.
 * The error's own ERROR line (`Uncaught Exception` / `Unhandled Promise Rejection`, with its
 * stack) is in that request's log.
 */
export function describeEnd(end: WorkerEnd): string {
  return [
    `${end.errorType}: ${end.errorMessage}`,
    ...(end.exitCode !== undefined && !end.errorMessage.endsWith(`exit status ${end.exitCode}`) ? [`exit status ${end.exitCode}`] : []),
    ...(end.requestId !== undefined ? [`last request ${end.requestId}`] : []),
  ].join(', ');
}
