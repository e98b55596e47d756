import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux architecture Node supports. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) of every child this process has waited for, their own waited-for
 * descendants included (`cutime` + `cstime` of /proc/self/stat) — for `turbo run`, turbo and every
 * task it ran. On a shared machine this is the cost of a run whatever else the machine was doing;
 * wall time is not. Linux only; `undefined` elsewhere.
 */
export function childrenCpuMs(stat: () => string = () => readFileSync('/proc/self/stat', 'utf8')): number | undefined {
  let text: string;
  try {
    text = stat();
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name start at field 3 (state); cutime and cstime are fields 16 and 17.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return undefined;
  return ((cutime + cstime) * 1000) / TICKS_PER_SECOND;
}
