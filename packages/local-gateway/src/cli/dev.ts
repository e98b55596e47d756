/**
 * `pnpm dev`: every app behind one local port with API Gateway HTTP API semantics.
 * Environment: FRONTDESK_PORT, FRONTDESK_LAMBDA_PORT, FRONTDESK_ISSUER/AUDIENCE/… (see README).
 */
import { startDevServer } from '../dev-server.ts';
import { findWorkspaceRoot } from '../workspace/find-root.ts';
import type { WorkspaceEvent } from '../workspace/dev-workspace.ts';
import { formatStartupTable } from './print-table.ts';

const startedAt = performance.now();
const pretty = process.stdout.isTTY === true;
const colour = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[32m' } as const;

function report(event: WorkspaceEvent): void {
  if (!pretty) {
    process.stdout.write(`${JSON.stringify({ app: event.app ?? 'frontdesk', level: event.level.toUpperCase(), message: event.message })}\n`);
    return;
  }
  process.stdout.write(`${colour[event.level]}${event.level.toUpperCase()}\x1b[0m ${event.app ? `${event.app}: ` : ''}${event.message}\n`);
}

try {
  const server = await startDevServer({ root: findWorkspaceRoot(), onEvent: report });
  // This process is ours alone and its start-up builds are done: esbuild's process lets go of its heap.
  await server.workspace.releaseBundlerMemory();
  process.stdout.write(`${formatStartupTable(server)}\n\nready in ${Math.round(performance.now() - startedAt)} ms\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? `frontdesk: ${message}: another process holds the port; set FRONTDESK_PORT / FRONTDESK_LAMBDA_PORT to free ones\n`
      : `frontdesk: could not start: ${message}\n`,
  );
  process.exit(1);
}
