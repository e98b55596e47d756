/// <reference path="./dynalite.d.ts" />
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import dynalite from 'dynalite';

export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`: what `AWS_ENDPOINT_URL_DYNAMODB` points the SDK at. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * A DynamoDB-compatible server (dynalite) on 127.0.0.1, its data in LevelDB under `dir`, so
 * tables and items outlive a restart, or in memory when `dir` is `undefined` (a throwaway server
 * beside a running `pnpm dev`, which holds the folder's lock). Tables become ACTIVE at once (no
 * CREATING delay to wait out).
 */
export async function startLocalDynamoDb(options: { readonly dir: string | undefined; readonly port: number }): Promise<LocalDynamoDb> {
  if (options.dir !== undefined) mkdirSync(options.dir, { recursive: true });
  const server = dynalite({ ...(options.dir === undefined ? {} : { path: options.dir }), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server, options.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        // dynalite's close also closes its LevelDB, releasing the folder's lock for the next start.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
