/** One Server-Sent Event as the console sends it. */
export interface StreamEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: unknown;
}

/**
 * Reads the console's event stream until `done` says enough (or the server ends it), then
 * disconnects. `headers` may carry `Last-Event-ID` to resume.
 */
export async function readEvents(
  url: string,
  done: (events: StreamEvent[]) => boolean,
  headers: Record<string, string> = {},
): Promise<StreamEvent[]> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
  const events: StreamEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          frame
            .split('\n')
            .filter((line) => !line.startsWith(':') && line.includes(': '))
            .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
        );
        if (fields.event)
          events.push({ event: fields.event, ...(fields.id ? { id: fields.id } : {}), data: JSON.parse(fields.data ?? 'null') });
      }
      if (done(events)) break;
    }
  } finally {
    abort.abort();
  }
  return events;
}
