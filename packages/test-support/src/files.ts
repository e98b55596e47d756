import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Relative path → contents; anything but a string is written as JSON. */
export type Files = Readonly<Record<string, unknown>>;

/** A fresh folder under the OS temp dir, named `frontdesk-<purpose>-XXXXXX` so leftovers say whose they are. */
export function tempDir(purpose: string): string {
  return mkdtempSync(join(tmpdir(), `frontdesk-${purpose}-`));
}

/** Writes `files` under `root`, creating folders as needed. */
export function writeFiles(root: string, files: Files): void {
  for (const [path, value] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/** A throwaway folder holding `files`; returns its path. */
export function tempWorkspace(purpose: string, files: Files = {}): string {
  const root = tempDir(purpose);
  writeFiles(root, files);
  return root;
}
