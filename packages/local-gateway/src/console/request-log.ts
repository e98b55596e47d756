import type { DecisionRecord } from '@frontdesk/gateway-core/authorizer';

/** How the gateway decided who may call: the console's "decision" column and filter. */
export type Decision =
  /** A public route: no authorizer ran. */
  | 'public'
  | 'allow'
  | 'deny'
  /** 401: no identity source, the authorizer was not invoked. */
  | 'unauthorized'
  /** 500: the authorizer failed (threw, timed out, answered malformed). */
  | 'error'
  /** No route matched (404): nothing to decide. */
  | 'none';

/** One row of the request list: small, sent to every browser as it happens. */
export interface RequestSummary {
  /** The API Gateway request id (`apigw-requestid`), also the function's `awsRequestId`. */
  readonly id: string;
  /** Increasing per server; event-stream ids, so a reconnecting browser resumes where it was. */
  readonly seq: number;
  /** Epoch milliseconds when the request arrived. */
  readonly time: number;
  readonly method: string;
  /** The path as sent, with `?query` when there was one. */
  readonly path: string;
  readonly app?: string;
  readonly routeKey?: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly decision: Decision;
  /** The authorizer's denial code (`insufficient_scope`, …), or the function's error type. */
  readonly code?: string;
  /** The decision came from the API's authorizer cache. */
  readonly cached?: boolean;
  readonly sub?: string;
  readonly version?: string;
}

export interface LogLine {
  readonly time: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** Everything kept about one request. Credentials stay here; views redact them (see redact.ts). */
export interface RecordedRequest {
  summary: RequestSummary;
  readonly requestHeaders: readonly string[];
  readonly requestBody: Clipped;
  /** The payload 2.0 event the function received. */
  readonly event?: Clipped;
  readonly response: { readonly statusCode: number; readonly headers: ReadonlyArray<readonly [string, string]>; readonly body: Clipped };
  /** What the function returned (payload), or its Lambda error. */
  readonly functionResult?:
    | { readonly ok: true; readonly payload: Clipped }
    | { readonly ok: false; readonly timedOut: boolean; readonly error: unknown };
  readonly authorizerContext?: unknown;
  readonly authorizerError?: string;
  decisionRecord?: DecisionRecord;
  readonly logs: LogLine[];
  /** Approximate bytes held, for the log's byte budget. */
  bytes: number;
}

/** A string kept up to a limit: `text` is whole unless `bytes` says how long the original was. */
export interface Clipped {
  readonly text: string;
  readonly encoding: 'utf8' | 'base64';
  /** Set when `text` was cut: the original length in bytes. */
  readonly truncatedFrom?: number;
}

export interface RequestLogOptions {
  /** Requests kept; older ones are dropped first. @default 5000 */
  readonly capacity?: number;
  /** Bytes kept across all requests (events, bodies, logs); older requests go first. @default 64 MiB */
  readonly maxBytes?: number;
}

export type RequestLogListener = (summary: RequestSummary) => void;

/** Lines kept per request: a chatty handler cannot grow one record without bound. */
export const MAX_LOG_LINES = 200;
const MAX_LOG_BYTES = 64 * 1024;
/** Requests whose log lines or decision arrived before their record (they are still running). */
const PENDING_LIMIT = 1024;

/**
 * The dev console's memory: a ring of the last requests, bounded by count and by bytes, with
 * their log lines and authorizer decisions joined by request id. Log lines and decisions reach
 * it before the request's record (they happen while it runs); they wait in small bounded maps.
 */
export class RequestLog {
  readonly capacity: number;
  readonly maxBytes: number;
  private entries: RecordedRequest[] = [];
  private head = 0;
  private heldBytes = 0;
  private nextSeq = 1;
  private readonly byId = new Map<string, RecordedRequest>();
  private readonly pendingLogs = new Map<string, LogLine[]>();
  private readonly pendingDecisions = new Map<string, DecisionRecord>();
  private readonly listeners = new Set<RequestLogListener>();

  constructor(options: RequestLogOptions = {}) {
    this.capacity = options.capacity ?? 5000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!Number.isInteger(this.capacity) || this.capacity < 1) throw new Error(`capacity must be a positive integer, got ${this.capacity}`);
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /** Adds a finished request (taking `entry` over), joins what arrived for it earlier, and tells every listener. */
  add(entry: Omit<RecordedRequest, 'summary' | 'logs' | 'bytes'> & { summary: Omit<RequestSummary, 'seq'> }): RecordedRequest {
    const id = entry.summary.id;
    const logs = this.pendingLogs.get(id) ?? [];
    this.pendingLogs.delete(id);
    // The entry is the caller's new object (recordRequest's): completed in place, not copied.
    const record = entry as RecordedRequest;
    (record.summary as { seq: number }).seq = this.nextSeq++;
    (record as { logs: LogLine[] }).logs = logs;
    record.bytes = 0;
    const decision = this.pendingDecisions.get(id);
    if (decision) {
      this.pendingDecisions.delete(id);
      this.applyDecision(record, decision);
    }
    record.bytes = sizeOf(record);
    this.entries.push(record);
    this.byId.set(id, record);
    this.heldBytes += record.bytes;
    this.evict();
    for (const listener of this.listeners) listener(record.summary);
    return record;
  }

  /** A line an invocation wrote; kept with its request (bounded), or until the request is added. */
  addLog(requestId: string, line: LogLine): void {
    const record = this.byId.get(requestId);
    if (record) {
      if (appendLine(record.logs, line)) {
        const added = (record.logs.at(-1) as LogLine).text.length;
        record.bytes += added;
        this.heldBytes += added;
        this.evict();
      }
      return;
    }
    let lines = this.pendingLogs.get(requestId);
    if (!lines) {
      if (this.pendingLogs.size >= PENDING_LIMIT) this.pendingLogs.delete(this.pendingLogs.keys().next().value as string);
      lines = [];
      this.pendingLogs.set(requestId, lines);
    }
    appendLine(lines, line);
  }

  /** The authorizer's audit record for a request (its denial code, subject, client). */
  addDecision(record: DecisionRecord): void {
    const requestId = record.requestId;
    if (requestId === undefined) return;
    const existing = this.byId.get(requestId);
    if (existing) {
      this.applyDecision(existing, record);
      return;
    }
    if (this.pendingDecisions.size >= PENDING_LIMIT) this.pendingDecisions.delete(this.pendingDecisions.keys().next().value as string);
    this.pendingDecisions.set(requestId, record);
  }

  get(id: string): RecordedRequest | undefined {
    return this.byId.get(id);
  }

  /** Summaries of the requests kept, oldest first; only those after `afterSeq` when given. */
  summaries(afterSeq = 0): RequestSummary[] {
    const result: RequestSummary[] = [];
    for (let index = this.head; index < this.entries.length; index += 1) {
      const summary = (this.entries[index] as RecordedRequest).summary;
      if (summary.seq > afterSeq) result.push(summary);
    }
    return result;
  }

  subscribe(listener: RequestLogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private applyDecision(record: RecordedRequest, decision: DecisionRecord): void {
    record.decisionRecord = decision;
    const { summary } = record;
    const code = decision.code !== undefined && summary.code === undefined ? decision.code : undefined;
    const sub = decision.sub !== undefined && summary.sub === undefined ? decision.sub : undefined;
    if (code === undefined && sub === undefined) return;
    // A new summary: the one listeners were handed stays as it was.
    record.summary = { ...summary, ...(code !== undefined ? { code } : {}), ...(sub !== undefined ? { sub } : {}) };
  }

  private evict(): void {
    // The newest request stays even when it alone is over the byte budget.
    while (this.size > this.capacity || (this.heldBytes > this.maxBytes && this.size > 1)) {
      const oldest = this.entries[this.head] as RecordedRequest;
      this.entries[this.head] = undefined as unknown as RecordedRequest;
      this.head += 1;
      this.heldBytes -= oldest.bytes;
      this.byId.delete(oldest.summary.id);
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}

const DROPPED = `… further output dropped: a request keeps at most ${MAX_LOG_LINES} lines / ${MAX_LOG_BYTES / 1024} KiB`;

/** Appends within the per-request bounds; the first line over them becomes a "dropped" marker. */
function appendLine(lines: LogLine[], line: LogLine): boolean {
  const last = lines.at(-1);
  if (last?.text === DROPPED) return false;
  const held = lines.reduce((total, kept) => total + kept.text.length, 0);
  if (lines.length >= MAX_LOG_LINES - 1 || held + line.text.length > MAX_LOG_BYTES) {
    lines.push({ ...line, text: DROPPED });
    return true;
  }
  lines.push(line);
  return true;
}

function sizeOf(record: RecordedRequest): number {
  let bytes = 512 + record.requestBody.text.length + record.response.body.text.length + (record.event?.text.length ?? 0);
  if (record.functionResult?.ok) bytes += record.functionResult.payload.text.length;
  for (const header of record.requestHeaders) bytes += header.length;
  for (const line of record.logs) bytes += line.text.length;
  return bytes;
}
