import { describe, expect, it } from 'vitest';
import { childrenCpuMs } from './children-cpu.ts';

// /proc/<pid>/stat: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
const stat = (comm: string, cutime: number, cstime: number) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 100 200 0 0 12 3 ${cutime} ${cstime} 20 0 1 0 100 1000 50`;

describe('childrenCpuMs', () => {
  it('adds the waited-for children user and system ticks, in ms', () => {
    expect(childrenCpuMs(() => stat('node', 250, 50))).toBe(3000);
  });

  it('reads past a command name holding spaces and parentheses', () => {
    expect(childrenCpuMs(() => stat('a (b) c', 1, 2))).toBe(30);
  });

  it('is undefined where /proc cannot be read or holds no such fields', () => {
    expect(
      childrenCpuMs(() => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
    expect(childrenCpuMs(() => '4242 (node) S 1')).toBeUndefined();
  });
});
