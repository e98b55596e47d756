import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLog, RequestSummary } from './request-log.ts';

export interface EventStreamOptions {
  readonly log: RequestLog;
  /** The apps pane's data; sent when its JSON changes (worker started, reload, rollback). */
  readonly apps: () => unknown;
  /** Requests are sent in batches at most this often. @default 100 */
  readonly flushMs?: number;
  /** How often the apps are compared and a keep-alive comment is sent. @default 1000 */
  readonly tickMs?: number;
}

/** A browser that reads slower than requests arrive is dropped past this backlog; it reconnects and resumes. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Backlog frames: a reconnect with thousands of requests arrives in a few sizeable events. */
const BACKLOG_CHUNK = 500;

/**
 * Pushes the request list to every open console page as Server-Sent Events:
 * - `hello` (once per connection), `apps` (on connect and when it changes);
 * - `requests`: an array of new {@link RequestSummary}, batched every `flushMs` so a load test
 *   costs one write per batch, not per request. Its event id is `<instance>:<seq>`: a browser
 *   that reconnects (EventSource sends `Last-Event-ID`) gets what it missed from the ring, and a
 *   browser that talked to an earlier `pnpm dev` gets everything (its ids mean nothing here).
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly instance = randomBytes(4).toString('hex');
  private pending: RequestSummary[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly tickTimer: NodeJS.Timeout;
  private unsubscribe: (() => void) | undefined;
  private lastApps = '';

  constructor(private readonly options: EventStreamOptions) {
    this.tickTimer = setInterval(() => this.tick(), options.tickMs ?? 1000).unref();
  }

  get connections(): number {
    return this.clients.size;
  }

  open(req: IncomingMessage, res: ServerResponse, hello: unknown): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.socket?.setNoDelay(true);
    const after = this.resumeAfter(req);
    this.lastApps = JSON.stringify(this.options.apps());
    let frames = `retry: 1000\n\n${frame('hello', JSON.stringify({ ...(hello as object), instance: this.instance, capacity: this.options.log.capacity }))}${frame('apps', this.lastApps)}`;
    const backlog = this.options.log.summaries(after);
    for (let start = 0; start < backlog.length; start += BACKLOG_CHUNK) {
      const chunk = backlog.slice(start, start + BACKLOG_CHUNK);
      frames += frame('requests', JSON.stringify(chunk), this.idFor(chunk));
    }
    res.write(frames);
    this.clients.add(res);
    this.unsubscribe ??= this.options.log.subscribe((summary) => this.queue(summary));
    const gone = () => this.drop(res);
    req.once('close', gone);
    res.once('close', gone);
  }

  close(): void {
    clearInterval(this.tickTimer);
    clearTimeout(this.flushTimer);
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Sends the batch now (tests; the timer does it otherwise). */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.broadcast(frame('requests', JSON.stringify(batch), this.idFor(batch)));
    this.sendAppsIfChanged();
  }

  private queue(summary: RequestSummary): void {
    this.pending.push(summary);
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.flushMs ?? 100);
  }

  private tick(): void {
    if (this.clients.size === 0) return;
    if (!this.sendAppsIfChanged()) this.broadcast(': keep-alive\n\n');
  }

  private sendAppsIfChanged(): boolean {
    const apps = JSON.stringify(this.options.apps());
    if (apps === this.lastApps) return false;
    this.lastApps = apps;
    this.broadcast(frame('apps', apps));
    return true;
  }

  private broadcast(text: string): void {
    for (const client of this.clients) {
      if (client.writableLength > MAX_BUFFERED_BYTES) {
        client.end();
        this.drop(client);
        continue;
      }
      client.write(text);
    }
  }

  private drop(client: ServerResponse): void {
    this.clients.delete(client);
    if (this.clients.size === 0) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      this.pending = [];
    }
  }

  /** The seq after which to resume: from `Last-Event-ID` (or `?after=`) when it names this instance. */
  private resumeAfter(req: IncomingMessage): number {
    const given = req.headers['last-event-id'] ?? new URL(req.url ?? '/', 'http://console').searchParams.get('after') ?? '';
    const [instance, seq] = String(given).split(':');
    return instance === this.instance && /^\d+$/.test(seq ?? '') ? Number(seq) : 0;
  }

  private idFor(batch: readonly RequestSummary[]): string {
    return `${this.instance}:${(batch.at(-1) as RequestSummary).seq}`;
  }
}

function frame(event: string, data: string, id?: string): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${data}\n\n`;
}
