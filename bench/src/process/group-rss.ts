import { readdir, readFile } from 'node:fs/promises';

/**
 * Resident memory of every process in a process group, in MiB — `pnpm dev` is a tree (pnpm, turbo,
 * the gateway, its app workers), and its cost to a developer is the whole tree. Linux only (/proc);
 * `undefined` elsewhere.
 */
export async function groupRssMiB(pgid: number): Promise<number | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  let kib = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      const match = status.match(/^VmRSS:\s+(\d+) kB/m);
      if (match) kib += Number(match[1]);
    } catch {
      // The process ended while we read it.
    }
  }
  return kib / 1024;
}
