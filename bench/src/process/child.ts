import { spawn, type ChildProcess } from 'node:child_process';

/** A child process the benchmark started (in its own process group, so its own children stop with it). */
export interface Started {
  readonly child: ChildProcess;
  /** The last output lines, for error messages. */
  readonly output: () => string;
  /** SIGTERM to the group, SIGKILL after a grace period; resolves once the child exited. */
  readonly stop: () => Promise<void>;
}

export interface StartOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Ready once a line of stdout/stderr matches; the match is returned. */
  readonly readyLine?: RegExp;
  /** Ready once this URL answers any HTTP status. */
  readonly readyUrl?: string;
  readonly timeoutMs: number;
}

const running = new Set<Started>();

/** Stops every child still running; called on exit and on Ctrl-C so no server outlives `pnpm bench`. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((started) => started.stop()));
}

export async function start(
  command: string,
  args: readonly string[],
  options: StartOptions,
): Promise<{ started: Started; match?: RegExpMatchArray }> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started: Started = {
    child,
    output: () => tail,
    stop: async () => {
      running.delete(started);
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      // Anything the group left behind (e.g. worker processes of `pnpm dev`) goes too.
      signalGroup(child, 'SIGKILL');
    },
  };
  running.add(started);

  const ready = new Promise<RegExpMatchArray | undefined>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-8_000);
      const match = options.readyLine && tail.match(options.readyLine);
      if (match) resolve(match);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${command} exited (${signal ?? code}) before it was ready:\n${tail}`)));
    child.once('error', reject);
    if (options.readyUrl) void pollUrl(options.readyUrl, () => child.exitCode !== null).then(() => resolve(undefined), reject);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${command} was not ready within ${options.timeoutMs} ms:\n${tail}`)), options.timeoutMs);
  });
  try {
    const match = await Promise.race([ready, timeout]);
    return match ? { started, match } : { started };
  } catch (error) {
    await started.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function pollUrl(url: string, gaveUp: () => boolean): Promise<void> {
  while (!gaveUp()) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

/**
 * Runs a command to completion and returns its stdout; rejects with its output when it fails or
 * overruns. While it runs, `stopAll` can end it (SIGTERM first, so a tool like turbo can pass the
 * signal on to task processes in their own groups, then SIGKILL).
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let all = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      all = (all + chunk.toString()).slice(-8_000);
    });
    child.stderr.on('data', (chunk: Buffer) => (all = (all + chunk.toString()).slice(-8_000)));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const handle: Started = {
      child,
      output: () => all,
      stop: async () => {
        running.delete(handle);
        if (child.exitCode !== null || child.signalCode !== null) return;
        signalGroup(child, 'SIGTERM');
        const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(kill);
      },
    };
    running.add(handle);
    const timer = setTimeout(() => {
      void handle.stop();
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs} ms:\n${all.slice(-4_000)}`));
    }, options.timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(handle);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}:\n${all.slice(-4_000)}`));
    });
  });
}
