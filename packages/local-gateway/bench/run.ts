/**
 * `pnpm --filter @frontdesk/local-gateway bench [--duration 10] [--connections 50] [--json out.json]`
 *
 * Measures, in one run on 127.0.0.1:
 * - authorized requests through the local gateway (real authorizer, worker-thread function)
 *   against a bare Node `http` server doing the same JWT verification and handler work, both
 *   driven by the same load client in its own process at 50 connections;
 * - start-up time and resident memory of `pnpm dev` with 10 apps.
 * Targets: throughput ≥ 0.5× bare, p99 ≤ 20 ms, start-up ≤ 2 s, RSS ≤ 400 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mintDevToken } from '../src/cli/dev-token.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    apps: { type: 'string', default: '10' },
    json: { type: 'string' },
  },
});
const durationMs = Math.min(60, Math.max(1, Number(values.duration))) * 1000;
const connections = Math.min(200, Math.max(1, Number(values.connections)));
const appCount = Math.min(50, Math.max(1, Number(values.apps)));

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));
// Children run TypeScript through tsx's loader, resolved from this package (their cwd may be elsewhere).
const tsxImport = ['--import', import.meta.resolve('tsx')];
const started: ChildProcess[] = [];

interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
}

/** A workspace of `count` apps, each serving the benchmark handler behind a scoped route. */
function benchWorkspace(count: number): string {
  const root = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - apps/*\n');
  writeFileSync(join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  mkdirSync(join(root, 'node_modules', '@frontdesk'), { recursive: true });
  symlinkSync(join(packageDir, 'node_modules', '@frontdesk', 'gateway-core'), join(root, 'node_modules', '@frontdesk', 'gateway-core'));
  for (let index = 1; index <= count; index += 1) {
    const dir = join(root, 'apps', `app${index}`);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(
      join(dir, 'app.config.ts'),
      `import { defineApp } from '@frontdesk/gateway-core';\nexport default defineApp({ name: 'app${index}', owner: 'team-bench', basePath: 'app${index}', routes: { 'GET /items/{id}': { scopes: ['bench:read'] }, 'GET /health': { auth: 'public', reason: 'Benchmark warm-up probe.' } } });\n`,
    );
    writeFileSync(join(dir, 'src', 'handler.ts'), `export { handler } from ${JSON.stringify(join(benchDir, 'bench-handler.ts'))};\n`);
  }
  return root;
}

function spawnNode(args: string[], options: { cwd: string; env?: Record<string, string>; logFile?: string }): ChildProcess {
  const fd = options.logFile ? openSync(options.logFile, 'w') : undefined;
  const child = spawn(process.execPath, [...tsxImport, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  if (fd !== undefined) closeSync(fd);
  started.push(child);
  return child;
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0] as string);
    });
    child.once('exit', (code) => reject(new Error(`process exited with ${code} before answering`)));
  });
}

async function load(url: string, authorization: string, ms: number): Promise<LoadResult> {
  const client = spawnNode([join(benchDir, 'load-client.ts'), url, authorization, String(connections), String(ms)], { cwd: benchDir });
  const line = await firstLine(client);
  return JSON.parse(line) as LoadResult;
}

/** CPU time (user + system) a process has used so far, in ms — a start-up figure that load on a shared machine does not inflate. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / 100); // clock ticks (USER_HZ = 100)
}

/** Resident memory of a process and all its descendants (Linux /proc), in MB. */
function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let kb = 0;
  const visit = (id: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended
    }
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(pid);
  return Math.round(kb / 1024);
}

const root = benchWorkspace(appCount);
try {
  // Start-up: spawn → "ready" with `appCount` apps (bundling, manifests, listeners), then every app served once.
  const logFile = join(root, 'dev.log');
  const spawnedAt = performance.now();
  const dev = spawnNode([join(packageDir, 'src', 'cli', 'dev.ts')], {
    cwd: root,
    env: { FRONTDESK_PORT: '0', FRONTDESK_LAMBDA_PORT: '0' },
    logFile,
  });
  const readyText = await waitFor(() => {
    const text = readFileSync(logFile, 'utf8');
    return text.includes('ready in') ? text : undefined;
  }, 'pnpm dev to be ready').catch((error: Error) => {
    throw new Error(`${error.message}; its output:\n${readFileSync(logFile, 'utf8')}`);
  });
  const startupMs = Math.round(performance.now() - spawnedAt);
  const startupCpuMs = cpuMs(dev.pid as number);
  const selfReportedMs = Number(/ready in (\d+) ms/.exec(readyText)?.[1]);
  const gateway = /gateway\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(readyText)?.[1] as string;
  await Promise.all(Array.from({ length: appCount }, async (_, index) => (await fetch(`${gateway}/app${index + 1}/health`)).text()));
  const allAppsServedMs = Math.round(performance.now() - spawnedAt);
  const allAppsServedCpuMs = cpuMs(dev.pid as number);
  const rssAfterStartMb = treeRssMb(dev.pid as number);

  const token = await mintDevToken({
    root,
    env: { FRONTDESK_PORT: new URL(gateway).port },
    sub: 'bench-user',
    scopes: ['bench:read'],
    ttlSeconds: 3600,
    dpop: false,
  });
  const authorization = `Bearer ${token}`;
  const bare = spawnNode([join(benchDir, 'bare-server.ts'), root, `${gateway}/_frontdesk/idp`, 'frontdesk-local'], { cwd: benchDir });
  const bareUrl = await firstLine(bare);

  const path = '/items/42';
  const warmMs = Math.min(2000, durationMs);
  await load(`${bareUrl}${path}`, authorization, warmMs);
  await load(`${gateway}/app1${path}`, authorization, warmMs);
  const bareResult = await load(`${bareUrl}${path}`, authorization, durationMs);
  const gatewayResult = await load(`${gateway}/app1${path}`, authorization, durationMs);
  const rssAfterLoadMb = treeRssMb(dev.pid as number);

  const ratio = Number((gatewayResult.throughput / bareResult.throughput).toFixed(2));
  const report = {
    benchmark: 'local-gateway',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      note: 'shared machine: figures include noise from other work',
    },
    config: { connections, durationMs, apps: appCount, route: 'GET /app1/items/{id} (scopes: bench:read), Bearer ES256 token' },
    bare: bareResult,
    gateway: gatewayResult,
    ratio,
    startup: {
      spawnToReadyMs: startupMs,
      selfReportedReadyMs: selfReportedMs,
      allAppsServedMs,
      cpuMsToReady: startupCpuMs,
      cpuMsAllAppsServed: allAppsServedCpuMs,
    },
    rssMb: { afterStart: rssAfterStartMb, afterLoad: rssAfterLoadMb },
    targets: { ratio: 0.5, p99Ms: 20, startupMs: 2000, rssMb: 400 },
    met: {
      ratio: ratio >= 0.5,
      p99: gatewayResult.p99Ms <= 20,
      startup: startupMs <= 2000,
      rss: Math.max(rssAfterStartMb, rssAfterLoadMb) <= 400,
      allResponsesOk:
        Object.keys(bareResult.statuses).join() === '200' &&
        Object.keys(gatewayResult.statuses).join() === '200' &&
        bareResult.errors + gatewayResult.errors === 0,
    },
  };
  process.stdout.write(
    [
      `apps ${appCount}, ${connections} connections, ${durationMs / 1000} s each (${report.machine.cpus} CPUs, ${process.version})`,
      `bare node http + jose : ${bareResult.throughput} req/s  p50 ${bareResult.p50Ms} ms  p99 ${bareResult.p99Ms} ms  (${bareResult.requests} requests, statuses ${JSON.stringify(bareResult.statuses)})`,
      `local gateway         : ${gatewayResult.throughput} req/s  p50 ${gatewayResult.p50Ms} ms  p99 ${gatewayResult.p99Ms} ms  (${gatewayResult.requests} requests, statuses ${JSON.stringify(gatewayResult.statuses)})`,
      `ratio gateway/bare    : ${ratio}  (target ≥ 0.5)`,
      `start-up              : ${startupMs} ms spawn→ready (self-reported ${selfReportedMs} ms, ${startupCpuMs} ms CPU), every app served after ${allAppsServedMs} ms (${allAppsServedCpuMs} ms CPU)  (target ≤ 2000)`,
      `RSS                   : ${rssAfterStartMb} MB after start, ${rssAfterLoadMb} MB after load  (target ≤ 400)`,
      '',
    ].join('\n'),
  );
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  for (const child of started) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 200));
  rmSync(root, { recursive: true, force: true });
}
