/**
 * `pnpm dev`: every app behind one local port with API Gateway HTTP API semantics.
 * Environment: FRONTDESK_PORT, FRONTDESK_LAMBDA_PORT, FRONTDESK_ISSUER/AUDIENCE/… (see README).
 */
import { startDevServer } from '../dev-server.ts';
import { findWorkspaceRoot } from '@frontdesk/gateway-core/contract';
import type { WorkspaceEvent } from '../workspace/dev-workspace.ts';
import { removeDevRecord, writeDevRecord } from './dev-record.ts';
import { formatStartupTable } from './print-table.ts';

const startedAt = performance.now();
const pretty = process.stdout.isTTY === true;
const colour = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[32m' } as const;

function report(event: WorkspaceEvent): void {
  if (!pretty) {
    process.stdout.write(
      `${JSON.stringify({ app: event.app ?? 'frontdesk', level: event.level.toUpperCase(), message: event.message })}\n`,
    );
    return;
  }
  process.stdout.write(`${colour[event.level]}${event.level.toUpperCase()}\x1b[0m ${event.app ? `${event.app}: ` : ''}${event.message}\n`);
}

// Ctrl-C reaches this process twice: from the terminal (the whole process group) and relayed by
// pnpm. Every one must be handled, from the start: an unhandled SIGINT kills the process by
// signal and pnpm reports the script as failed (ELIFECYCLE). The root script `exec`s node, so no
// shell sits in between to be killed by Ctrl-C in its turn.
let stopping = false;
let stopServer: (() => Promise<void>) | undefined;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void (stopServer?.() ?? Promise.resolve()).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  const root = findWorkspaceRoot();
  const server = await startDevServer({ root, onEvent: report });
  // `pnpm -s run token` in another terminal signs for this server's issuer (its port) and audience.
  writeDevRecord(root, { pid: process.pid, url: server.url, devIdpIssuer: server.devIdpIssuer, audience: server.audience });
  // This process is ours alone and its start-up builds are done: esbuild's process lets go of its heap.
  await server.workspace.releaseBundlerMemory();
  const { fromCache, built } = server.workspace.bundleCounts;
  process.stdout.write(
    `${formatStartupTable(server)}\n\nready in ${Math.round(performance.now() - startedAt)} ms (app bundles: ${fromCache} from .frontdesk/cache, ${built} built)\n`,
  );
  stopServer = () => {
    removeDevRecord(root);
    return server.close();
  };
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? `frontdesk: ${message}: another process holds the port; set FRONTDESK_PORT / FRONTDESK_LAMBDA_PORT to free ones\n`
      : `frontdesk: could not start: ${message}\n`,
  );
  process.exit(1);
}
