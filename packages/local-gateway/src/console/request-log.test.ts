import { describe, expect, it } from 'vitest';
import { MAX_LOG_LINES, RequestLog, type RecordedRequest } from './request-log.ts';

const entry = (id: string, bodyBytes = 0) => ({
  summary: { id, time: 0, method: 'GET', path: `/${id}`, status: 200, latencyMs: 1, decision: 'public' as const },
  requestHeaders: [],
  requestBody: { text: 'x'.repeat(bodyBytes), encoding: 'utf8' as const },
  response: { statusCode: 200, headers: [], body: { text: '', encoding: 'utf8' as const } },
});

const line = (text: string) => ({ time: 0, stream: 'stdout' as const, text });

describe('RequestLog: the console memory, bounded by count and by bytes', () => {
  it('keeps the latest requests up to its capacity, numbering them in order', () => {
    const log = new RequestLog({ capacity: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) log.add(entry(id));
    expect(log.size).toBe(3);
    expect(log.summaries().map((summary) => [summary.id, summary.seq])).toEqual([
      ['c', 3],
      ['d', 4],
      ['e', 5],
    ]);
    expect(log.get('a')).toBeUndefined();
    expect(log.get('e')?.summary.path).toBe('/e');
    expect(log.summaries(4).map((summary) => summary.id)).toEqual(['e']);
  });

  it('drops the oldest requests when the bytes held pass the budget, keeping the newest even when it alone is over', () => {
    const log = new RequestLog({ capacity: 100, maxBytes: 10_000 });
    for (const id of ['a', 'b', 'c']) log.add(entry(id, 4000));
    expect(log.summaries().map((summary) => summary.id)).toEqual(['b', 'c']);
    expect(log.bytes).toBeLessThanOrEqual(10_000);
    log.add(entry('huge', 50_000));
    expect(log.summaries().map((summary) => summary.id)).toEqual(['huge']);
  });

  it('stays bounded through many thousands of requests (the ring compacts itself)', () => {
    const log = new RequestLog({ capacity: 1000 });
    for (let index = 0; index < 20_000; index += 1) log.add(entry(`r${index}`, 100));
    expect(log.size).toBe(1000);
    expect(log.summaries()[0]?.id).toBe('r19000');
    expect((log as unknown as { entries: unknown[] }).entries.length).toBeLessThanOrEqual(3000);
  });

  it('joins the log lines and the decision that arrived before the request finished, by request id', () => {
    const log = new RequestLog();
    log.addLog('r1', line('started'));
    log.addDecision({ decision: 'deny', code: 'insufficient_scope', sub: 'bob', route: 'GET /', requestId: 'r1' });
    const record = log.add({ ...entry('r1'), summary: { ...entry('r1').summary, decision: 'deny' as const, status: 403 } });
    expect(record.logs.map((kept) => kept.text)).toEqual(['started']);
    expect(record.summary).toMatchObject({ code: 'insufficient_scope', sub: 'bob' });
    log.addLog('r1', line('written after the response'));
    expect(log.get('r1')?.logs.map((kept) => kept.text)).toEqual(['started', 'written after the response']);
  });

  it('bounds the lines kept per request and says that more were dropped', () => {
    const log = new RequestLog();
    log.add(entry('chatty'));
    for (let index = 0; index < MAX_LOG_LINES * 3; index += 1) log.addLog('chatty', line(`line ${index}`));
    const logs = (log.get('chatty') as RecordedRequest).logs;
    expect(logs).toHaveLength(MAX_LOG_LINES);
    expect(logs.at(-1)?.text).toMatch(/further output dropped/);
  });

  it('bounds what waits for requests that never finish (e.g. direct Lambda API invocations)', () => {
    const log = new RequestLog();
    for (let index = 0; index < 5000; index += 1) log.addLog(`orphan-${index}`, line('x'));
    expect((log as unknown as { pendingLogs: Map<string, unknown> }).pendingLogs.size).toBeLessThanOrEqual(1024);
  });

  it('tells subscribers about each new request until they unsubscribe', () => {
    const log = new RequestLog();
    const seen: string[] = [];
    const unsubscribe = log.subscribe((summary) => seen.push(summary.id));
    log.add(entry('a'));
    unsubscribe();
    log.add(entry('b'));
    expect(seen).toEqual(['a']);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RequestLog({ capacity: 0 })).toThrow('capacity must be a positive integer, got 0');
  });
});
