import { createLogRing, LogRingReader, type LogStream } from './log-ring.ts';

export type OnLog = (requestId: string | undefined, stream: LogStream, text: string) => void;

/** How often output nobody else collects is read: lines of a still-running (or looping) invocation, and those written between invocations. */
const POLL_MS = 100;

const polled = new Set<WorkerLogs>();
let poller: NodeJS.Timeout | undefined;

function poll(): void {
  for (const logs of polled) logs.drain();
}

/**
 * The gateway's side of one worker's output: the shared ring the worker writes into, read
 * whenever a message from the worker is taken (so an invocation's lines come before its
 * result), every {@link POLL_MS} ms while the worker lives, and once more when it ends. Lines
 * are handed on whole (a line written in pieces waits for its end, or for the worker's end).
 */
export class WorkerLogs {
  readonly shared = createLogRing();
  private readonly reader = new LogRingReader(this.shared);
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '' };
  private readonly onRecord: OnLog;

  constructor(private readonly onLog: OnLog) {
    this.onRecord = (requestId, stream, text) => this.onText(requestId, stream, text);
    polled.add(this);
    poller ??= setInterval(poll, POLL_MS).unref();
  }

  /** Hands on everything the worker wrote so far. */
  drain(): void {
    if (this.reader.pending) this.reader.drain(this.onRecord);
  }

  /** The worker ended: what it wrote last, even an unfinished line, is handed on, and polling stops. */
  close(): void {
    this.drain();
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] === '') continue;
      this.onLog(undefined, stream, `${this.partial[stream]}\n`);
      this.partial[stream] = '';
    }
    polled.delete(this);
    if (polled.size === 0 && poller) {
      clearInterval(poller);
      poller = undefined;
    }
  }

  private onText(requestId: string | undefined, stream: LogStream, text: string): void {
    const buffered = this.partial[stream] === '' ? text : this.partial[stream] + text;
    const end = buffered.lastIndexOf('\n');
    this.partial[stream] = end === -1 ? buffered : buffered.slice(end + 1);
    if (end !== -1) this.onLog(requestId, stream, end === buffered.length - 1 ? buffered : buffered.slice(0, end + 1));
  }
}
