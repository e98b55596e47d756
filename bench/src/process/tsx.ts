import { createRequire } from 'node:module';

/** Node arguments that run a TypeScript file with tsx, the way the workspace's own scripts run. */
export function tsxArgs(file: string, args: readonly string[] = []): string[] {
  return [createRequire(import.meta.url).resolve('tsx/cli'), file, ...args];
}
