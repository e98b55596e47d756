import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileWhole } from '../files/write-file.ts';
import { stateDir } from '../idp/paths.ts';

/**
 * What a running `pnpm dev` tells the token tools in other terminals: its URL, the dev issuer
 * (which names its port) and its audience. Without it, `FRONTDESK_PORT=3005 pnpm dev` in one
 * terminal and `pnpm -s run token` in another would sign for port 3000: `wrong_issuer`.
 */
export interface DevRecord {
  readonly pid: number;
  readonly url: string;
  readonly devIdpIssuer: string;
  readonly audience: string;
}

const file = (root: string) => join(stateDir(root), 'dev-server.json');

export function writeDevRecord(root: string, record: DevRecord): void {
  mkdirSync(stateDir(root), { recursive: true, mode: 0o700 });
  writeFileWhole(file(root), `${JSON.stringify(record, null, 2)}\n`);
}

/** The record of a `pnpm dev` that is still running in this workspace, if any. */
export function readDevRecord(root: string): DevRecord | undefined {
  if (!existsSync(file(root))) return undefined;
  try {
    const record = JSON.parse(readFileSync(file(root), 'utf8')) as DevRecord;
    process.kill(record.pid, 0); // throws when no such process: a record left by a crash
    return record;
  } catch {
    return undefined;
  }
}

/** Removes the record if it is this process's (another `pnpm dev` may have replaced it). */
export function removeDevRecord(root: string, pid = process.pid): void {
  try {
    if ((JSON.parse(readFileSync(file(root), 'utf8')) as DevRecord).pid === pid) rmSync(file(root), { force: true });
  } catch {
    // nothing to remove
  }
}
