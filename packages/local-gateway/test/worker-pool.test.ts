import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

/** A fresh barrier folder for one test's requests. */
function barrier(): { dir: string; open: () => void; query: (until: number) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-barrier-'));
  return { dir, open: () => writeFileSync(join(dir, 'open'), ''), query: (until) => `dir=${encodeURIComponent(dir)}&until=${until}` };
}

/** Polls wait for a state (a worker's cold start can take seconds on a loaded machine); nothing asserts how long it took. */
const WAIT = { timeout: 30_000 };

const coldStarts = (fixture: Fixture, app: string) =>
  fixture.events.filter((event) => event.app === app && event.message.startsWith('cold start: worker')).map((event) => event.message);

const workers = async (fixture: Fixture, app: string) => fixture.server.workspace.apps.get(app)?.fn.status();

describe('a pool of workers per app: one request per worker at a time, as Lambda runs environments', () => {
  let fixture: Fixture;
  const dirs: string[] = [];
  beforeAll(async () => {
    fixture = await startFixture(['pool', 'reserved', 'shop'], { pool: { maxWorkers: 4 } });
  });
  afterAll(async () => {
    await fixture.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves concurrent requests on separate workers: four requests that wait for each other all finish', async () => {
    const gate = barrier();
    dirs.push(gate.dir);
    const responses = await Promise.all([1, 2, 3, 4].map(() => fixture.get(`/pool/wait?${gate.query(4)}`)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as Array<{ threadId: number; mostActive: number }>;
    expect(new Set(bodies.map((body) => body.threadId)).size).toBe(4);
    // Never two invocations in one worker at once.
    expect(bodies.every((body) => body.mostActive === 1)).toBe(true);
    // Each worker's cold start is reported, naming the worker.
    expect(coldStarts(fixture, 'pool')).toEqual(
      expect.arrayContaining([1, 2, 3, 4].map((n) => expect.stringMatching(new RegExp(`^cold start: worker ${n} \\(version 1\\)`)))),
    );
    expect(await workers(fixture, 'pool')).toMatchObject({ worker: 'warm', workers: { idle: 4, busy: 0, max: 4 }, coldStarts: 4 });
  });

  it('reuses a warm worker for the next request instead of starting another', async () => {
    const before = coldStarts(fixture, 'pool').length;
    const gate = barrier();
    dirs.push(gate.dir);
    gate.open();
    for (let i = 0; i < 3; i += 1) expect((await fixture.get(`/pool/wait?${gate.query(1)}`)).status).toBe(200);
    expect(coldStarts(fixture, 'pool')).toHaveLength(before);
  });

  it('queues requests beyond the worker limit for the next free worker instead of failing them', async () => {
    const gate = barrier();
    dirs.push(gate.dir);
    // Six requests, four workers: the last two wait for a worker, and every request still arrives.
    const pending = [1, 2, 3, 4, 5, 6].map(() => fixture.get(`/pool/wait?${gate.query(6)}`));
    await expect.poll(async () => (await workers(fixture, 'pool'))?.workers.queued, WAIT).toBe(2);
    gate.open();
    const responses = await Promise.all(pending);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('a crash in one worker ends only its own request: requests on other workers finish', async () => {
    const gate = barrier();
    dirs.push(gate.dir);
    const first = fixture.get(`/pool/wait?${gate.query(2)}`);
    await expect.poll(async () => (await workers(fixture, 'pool'))?.workers.busy, WAIT).toBe(1);
    expect((await fixture.get('/pool/exit')).status).toBe(500);
    expect(fixture.events).toContainEqual(
      // Why it ended, and after which request (that request's own log has its lines).
      expect.objectContaining({
        app: 'pool',
        message: expect.stringMatching(
          /^worker \d+ \(version 1\) ended \(Runtime\.ExitError: Runtime exited with error: exit status 7, last request \S+\); the next request starts a fresh one$/,
        ),
      }),
    );
    const second = fixture.get(`/pool/wait?${gate.query(2)}`);
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await workers(fixture, 'pool'))?.restarts).toBe(1);
  });

  it('throttles above the manifest reservedConcurrency: 500 through the gateway, 429 through the Lambda API', async () => {
    const gate = barrier();
    dirs.push(gate.dir);
    const running = fixture.get(`/reserved/wait?${gate.query(2)}`);
    await expect.poll(async () => (await workers(fixture, 'reserved'))?.workers.busy, WAIT).toBe(1);
    const throttled = await fixture.get(`/reserved/wait?${gate.query(2)}`);
    expect(throttled.status).toBe(500);
    expect(await throttled.json()).toEqual({ message: 'Internal Server Error' });
    expect(fixture.events).toContainEqual(
      expect.objectContaining({ app: 'reserved', message: expect.stringContaining('TooManyRequestsException') }),
    );
    const lambda = new LambdaClient({
      endpoint: fixture.server.lambdaUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-reserved:live', Payload: '{}' }))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    lambda.destroy();
    gate.open();
    expect((await running).status).toBe(200);
    expect(await workers(fixture, 'reserved')).toMatchObject({ reservedConcurrency: 1, workers: { max: 1 } });
  });

  it('keeps other apps answering throughout', async () => {
    expect((await fixture.get('/shop/list')).status).toBe(200);
  });
});

describe('idle workers are retired', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture(['pool'], { pool: { idleMs: 50 } });
  });
  afterAll(() => fixture.stop());

  it('ends a worker idle longer than the idle time; the next request is a cold start on a new worker', async () => {
    const gate = barrier();
    gate.open();
    try {
      expect((await fixture.get(`/pool/wait?${gate.query(1)}`)).status).toBe(200);
      await expect.poll(async () => (await workers(fixture, 'pool'))?.worker, WAIT).toBe('cold');
      expect((await workers(fixture, 'pool'))?.workers).toMatchObject({ idle: 0, busy: 0 });
      expect((await fixture.get(`/pool/wait?${gate.query(1)}`)).status).toBe(200);
      expect(coldStarts(fixture, 'pool')).toEqual([
        expect.stringMatching(/^cold start: worker 1 /),
        expect.stringMatching(/^cold start: worker 2 /),
      ]);
      // Retiring an idle worker is not a crash.
      expect((await workers(fixture, 'pool'))?.restarts).toBe(0);
    } finally {
      rmSync(gate.dir, { recursive: true, force: true });
    }
  });
});

describe('a worker started ahead of a request (a reloaded version, `warm`)', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture(['warming']);
  });
  afterAll(() => fixture.stop());

  it('serves the request that arrives while it starts, instead of a second cold start beside it', async () => {
    const fn = fixture.server.workspace.apps.get('warming')?.fn;
    if (!fn) throw new Error('the warming app is not served');
    const warming = fn.warm();
    // The request arrives once the worker is importing the handler (longer than a quick invocation).
    await expect.poll(() => fn.status().workers.starting, WAIT).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const response = await fixture.get('/warming/');
    expect(response.status).toBe(200);
    await warming;
    expect(coldStarts(fixture, 'warming')).toEqual([expect.stringMatching(/^cold start: worker 1 \(version 1\)/)]);
    expect(fn.status()).toMatchObject({ coldStarts: 1, workers: { idle: 1, busy: 0, starting: 0 } });
  });
});

/**
 * Lambda resets an environment whose runtime ended and initializes a fresh one for the next
 * invocation: a request handed to a worker that ended right after answering another (before the
 * gateway took its exit) is not failed for it. One worker, three requests queued behind the first:
 * the first answers, the next is handed to its worker, which ends only once the caller has the
 * first answer (a file `exit`), so the next request is posted to a worker that never takes it.
 */
describe('a worker that ends itself right after answering: the requests handed to it run on fresh workers', () => {
  let fixture: Fixture;
  const dirs: string[] = [];
  beforeAll(async () => {
    fixture = await startFixture(['pool'], { pool: { maxWorkers: 1 } });
  });
  afterAll(async () => {
    await fixture.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Sends four requests through `send` as described above; returns what each worker (thread) answered. */
  const queuedBehindAnExit = async <T>(label: string, send: (dir: string) => Promise<T>) => {
    const gate = barrier();
    dirs.push(gate.dir);
    const pending = [1, 2, 3, 4].map(() => send(gate.dir));
    await expect.poll(async () => (await fixture.server.workspace.apps.get('pool')?.fn.status())?.workers.queued, WAIT).toBe(3);
    gate.open();
    await Promise.race(pending);
    writeFileSync(join(gate.dir, 'exit'), '');
    const results = await Promise.all(pending);
    expect(
      // No request failed for it; the note of the worker's own end says why it ended.
      fixture.events.filter(
        (event) =>
          event.app === 'pool' &&
          event.message.includes('Runtime.ExitError') &&
          !/^worker \d+ \(version \d+\) ended \(/.test(event.message),
      ),
      label,
    ).toEqual([]);
    return results;
  };

  it('through the Lambda API (@aws-sdk/client-lambda, LogType Tail): every request answered; each worker’s first REPORT carries Init Duration', async () => {
    const lambda = new LambdaClient({
      endpoint: fixture.server.lambdaUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      const results = await queuedBehindAnExit('lambda api', (dir) =>
        lambda.send(
          new InvokeCommand({
            // The live version, as the gateway invokes it: its pool is the one `status()` counts.
            FunctionName: 'frontdesk-dev-pool:live',
            LogType: 'Tail',
            Payload: JSON.stringify({ routeKey: 'GET /then-exit', queryStringParameters: { dir } }),
          }),
        ),
      );
      expect(results.map((result) => result.FunctionError ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok']);
      const threads = results.map(
        (result) => (JSON.parse(Buffer.from(result.Payload ?? []).toString('utf8')) as { threadId: number }).threadId,
      );
      const reports = results.map((result) => Buffer.from(result.LogResult ?? '', 'base64').toString('utf8'));
      // Whether the ending worker took the next request before its exit is up to its event loop
      // (worker-exit.test.ts forces that order): either way none failed, and
      // a cold start per worker, reported on the REPORT line of the request that started it.
      expect(reports.filter((report) => /Init Duration: [\d.]+ ms/.test(report))).toHaveLength(new Set(threads).size);
    } finally {
      lambda.destroy();
    }
  });

  it('through the gateway: every request answered 200, each worker a reported cold start', async () => {
    const before = coldStarts(fixture, 'pool').length;
    const responses = await queuedBehindAnExit('gateway', (dir) => fixture.get(`/pool/then-exit?dir=${encodeURIComponent(dir)}`));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const threads = new Set(
      await Promise.all(responses.map(async (response) => ((await response.json()) as { threadId: number }).threadId)),
    );
    expect(coldStarts(fixture, 'pool').length - before).toBe(threads.size);
    // The ending worker may take more than one request before its exit (its event loop takes queued
    // messages first); once it has ended, its end is noted with the reason.
    await expect.poll(async () => (await workers(fixture, 'pool'))?.restarts, WAIT).toBeGreaterThanOrEqual(1);
    expect(fixture.events).toContainEqual(
      expect.objectContaining({
        app: 'pool',
        message: expect.stringMatching(/ended \(Runtime\.ExitError: Runtime exited with error: exit status 0, last request \S+\)/),
      }),
    );
  });
});
