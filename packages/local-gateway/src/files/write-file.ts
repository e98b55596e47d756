import { linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Files under `.frontdesk/` are shared by every process in the workspace: a `pnpm dev`, the token
 * tools in another terminal, a second `pnpm dev`. Each is written whole under a temporary name
 * first, so no reader ever sees half a file.
 */
const temporaryName = (file: string) => `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;

/** Writes `file` whole (a concurrent reader sees the old contents or the new, never a mix). */
export function writeFileWhole(file: string, data: string | Uint8Array, mode?: number): void {
  const temporary = temporaryName(file);
  writeFileSync(temporary, data, mode === undefined ? {} : { mode });
  renameSync(temporary, file);
}

/**
 * Creates `file` whole unless it exists; `false` when another process created it first, whose
 * file stands (link(2) is atomic and fails on an existing name, unlike rename).
 */
export function createFileOnce(file: string, data: string, mode?: number): boolean {
  const temporary = temporaryName(file);
  writeFileSync(temporary, data, mode === undefined ? {} : { mode });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}
