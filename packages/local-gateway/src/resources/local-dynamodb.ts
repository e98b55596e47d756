/// <reference path="./dynalite.d.ts" />
import { mkdirSync } from 'node:fs';
import { ClassicLevel } from 'classic-level';
import dynalite from 'dynalite';
import { closeServer, listenOnLoopback } from '../net/loopback.ts';

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
  const server = dynalite({
    ...(options.dir === undefined ? {} : { path: options.dir }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const port = await listenOnLoopback(server, options.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    // dynalite's close also closes its LevelDB, releasing the folder's lock for the next start.
    close: () => closeServer(server),
  };
}

/**
 * Whether another process holds the LevelDB folder (LevelDB takes an exclusive lock per folder).
 * Asked before dynalite opens it: dynalite would open it lazily and throw "Database is closed"
 * from a request callback, an uncaught exception that ends the whole `pnpm dev`.
 */
export async function dataFolderInUse(dir: string): Promise<boolean> {
  mkdirSync(dir, { recursive: true });
  const probe = new ClassicLevel(dir);
  try {
    await probe.open();
    return false;
  } catch (error) {
    // classic-level wraps the lock failure: LEVEL_DATABASE_NOT_OPEN caused by LEVEL_LOCKED.
    if ((error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') return true;
    throw error;
  } finally {
    await probe.close();
  }
}
