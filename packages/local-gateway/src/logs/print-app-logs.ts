import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface LogSink {
  write(line: string): void;
  /** True when a person reads it (pretty lines); false when piped (JSON lines). */
  readonly pretty: boolean;
}

/**
 * Lines to stdout, written together once per turn of the event loop: under load, one write for
 * many app and audit lines instead of a system call each (stdout is synchronous for files and
 * pipes). Whatever is pending is written before the process exits.
 */
export const stdoutSink = (): LogSink => {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    process.stdout.write(text);
  };
  process.once('exit', flush);
  return {
    write: (line) => {
      if (pending.push(`${line}\n`) === 1) setImmediate(flush);
    },
    pretty: process.stdout.isTTY === true,
  };
};

const LEVEL_COLOURS: Record<string, string> = {
  DEBUG: '\x1b[90m',
  INFO: '\x1b[36m',
  WARN: '\x1b[33m',
  ERROR: '\x1b[31m',
  CRITICAL: '\x1b[35m',
};

/**
 * Prints an app worker's output, one line at a time, prefixed by the app. Lines that are JSON
 * objects (Powertools logger lines) are printed as JSON with `app` added when piped, and as
 * `app LEVEL message {rest}` in a terminal; other lines pass through with the prefix.
 */
export function printAppLogs(app: string, stream: Readable, sink: LogSink): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => sink.write(formatLogLine(app, line, sink.pretty)));
}

/** Prints whole lines a worker posted (`text` ends with a line break), as `printAppLogs` prints a stream's. */
export function printAppLines(app: string, text: string, sink: LogSink): void {
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    sink.write(formatLogLine(app, line, sink.pretty));
    start = end + 1;
  }
}

export function formatLogLine(app: string, line: string, pretty: boolean): string {
  let record: unknown;
  try {
    record = line.trimStart().startsWith('{') ? JSON.parse(line) : undefined;
  } catch {
    record = undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return pretty ? `\x1b[2m${app}\x1b[0m ${line}` : JSON.stringify({ app, message: line });
  }
  const fields = record as Record<string, unknown>;
  if (!pretty) return withApp(app, line, fields);
  const { level, message, timestamp: _timestamp, ...rest } = fields;
  const levelText = typeof level === 'string' ? level.toUpperCase() : 'INFO';
  const extra = Object.keys(rest).length > 0 ? ` \x1b[2m${JSON.stringify(rest)}\x1b[0m` : '';
  return `\x1b[2m${app}\x1b[0m ${LEVEL_COLOURS[levelText] ?? ''}${levelText.padEnd(5)}\x1b[0m ${String(message ?? '')}${extra}`;
}

/**
 * The JSON line with `app` first: the line itself after `{"app":…,` when it has no `app` of its own
 * (a JSON object with a member added in front is still one); a line naming its own `app` keeps it.
 */
function withApp(app: string, line: string, fields: Record<string, unknown>): string {
  if ('app' in fields) return JSON.stringify({ app, ...fields });
  const open = line.indexOf('{');
  const empty = Object.keys(fields).length === 0;
  return `{"app":${JSON.stringify(app)}${empty ? '}' : `,${line.slice(open + 1).trimEnd()}`}`;
}
