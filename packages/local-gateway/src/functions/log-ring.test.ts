import { describe, expect, it } from 'vitest';
import { createLogRing, LogRingReader, LogRingWriter, type LogStream } from './log-ring.ts';

type Record = [string | undefined, LogStream, string];

function drainAll(reader: LogRingReader): Record[] {
  const records: Record[] = [];
  reader.drain((requestId, stream, text) => records.push([requestId, stream, text]));
  return records;
}

const noWait = () => {
  throw new Error('the ring was full');
};

describe('log ring', () => {
  it('hands records over in order, with their stream and request id', () => {
    const shared = createLogRing(4096);
    const writer = new LogRingWriter(shared);
    const reader = new LogRingReader(shared);
    expect(reader.pending).toBe(false);
    writer.write('stdout', 'req-1', 'first line\n', noWait);
    writer.write('stderr', undefined, 'outside any invocation\n', noWait);
    writer.write('stdout', 'req-2', 'naïve ☃ 𝄞\n', noWait);
    expect(reader.pending).toBe(true);
    expect(drainAll(reader)).toEqual([
      ['req-1', 'stdout', 'first line\n'],
      [undefined, 'stderr', 'outside any invocation\n'],
      ['req-2', 'stdout', 'naïve ☃ 𝄞\n'],
    ]);
    expect(reader.pending).toBe(false);
    expect(drainAll(reader)).toEqual([]);
  });

  it('wraps around the end of its memory many times without losing or reordering a record', () => {
    const shared = createLogRing(4096);
    const writer = new LogRingWriter(shared);
    const reader = new LogRingReader(shared);
    const seen: string[] = [];
    for (let round = 0; round < 500; round += 1) {
      // Odd sizes, so records end at every offset.
      for (let index = 0; index < 3; index += 1)
        writer.write('stdout', `r${round}`, `${round}.${index} ${'x'.repeat((round * 7 + index) % 200)}\n`, noWait);
      reader.drain((requestId, _stream, text) => seen.push(`${requestId}:${text.split(' ')[0]}`));
    }
    expect(seen).toHaveLength(1500);
    expect(seen[0]).toBe('r0:0.0');
    expect(seen.at(-1)).toBe('r499:499.2');
    expect(new Set(seen).size).toBe(1500);
  });

  it('cuts text longer than a quarter of the ring into pieces, never inside a character', () => {
    const shared = createLogRing(4096);
    const writer = new LogRingWriter(shared);
    const reader = new LogRingReader(shared);
    const text = `${'𝄞'.repeat(700)}end\n`;
    const pieces: string[] = [];
    writer.write('stdout', 'req', text, () => reader.drain((_id, _stream, piece) => pieces.push(piece)));
    reader.drain((_id, _stream, piece) => pieces.push(piece));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(text);
    expect(pieces.every((piece) => !piece.includes('\uFFFD'))).toBe(true);
  });

  it('asks the writer to wait while the ring is full, and goes on once the reader made room', () => {
    const shared = createLogRing(4096);
    const writer = new LogRingWriter(shared);
    const reader = new LogRingReader(shared);
    const read: string[] = [];
    let waits = 0;
    for (let index = 0; index < 100; index += 1) {
      writer.write('stdout', 'req', `line ${index} ${'y'.repeat(100)}\n`, () => {
        waits += 1;
        reader.drain((_id, _stream, text) => read.push(text));
      });
    }
    reader.drain((_id, _stream, text) => read.push(text));
    expect(waits).toBeGreaterThan(0);
    expect(read.map((text) => text.split(' ')[1])).toEqual(Array.from({ length: 100 }, (_, index) => String(index)));
  });

  it('drops an id too long to be a request id rather than failing the write', () => {
    const shared = createLogRing(4096);
    new LogRingWriter(shared).write('stdout', 'x'.repeat(300), 'kept\n', noWait);
    expect(drainAll(new LogRingReader(shared))).toEqual([[undefined, 'stdout', 'kept\n']]);
  });

  it('refuses a size that cannot hold records', () => {
    expect(() => createLogRing(100)).toThrow(/at least 4096/);
    expect(() => createLogRing(4098)).toThrow(/multiple of 4/);
  });
});
