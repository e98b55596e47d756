import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface LogSink {
  write(line: string): void;
  /** True when a person reads it (pretty lines); false when piped (JSON lines). */
  readonly pretty: boolean;
}

export const stdoutSink = (): LogSink => ({ write: (line) => process.stdout.write(`${line}\n`), pretty: process.stdout.isTTY === true });

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
  if (!pretty) return JSON.stringify({ app, ...fields });
  const { level, message, timestamp: _timestamp, ...rest } = fields;
  const levelText = typeof level === 'string' ? level.toUpperCase() : 'INFO';
  const extra = Object.keys(rest).length > 0 ? ` \x1b[2m${JSON.stringify(rest)}\x1b[0m` : '';
  return `\x1b[2m${app}\x1b[0m ${LEVEL_COLOURS[levelText] ?? ''}${levelText.padEnd(5)}\x1b[0m ${String(message ?? '')}${extra}`;
}
