/**
 * What a worker writes, on its way to the gateway without a message per write: a ring buffer in
 * shared memory with one writer (the worker) and one reader (the gateway's main thread). A
 * `postMessage` per line cost both threads a structured clone and a wake-up; lines now ride along
 * with the invocation's result (the reader drains the ring before it takes a message), and the
 * memory outlives the worker, so lines written just before a crash or a timeout are still read.
 *
 * Layout: two Int32 slots (write and read offsets), then the data area. A record is
 * `[int32 size][u8 stream][u8 has id][u16 id bytes][int32 text bytes][id][text]`, padded to 4 bytes; size -1 marks
 * "continue at offset 0". Offsets are equal only when the ring is empty.
 */

const WRITE = 0;
const READ = 1;
const CONTROL_BYTES = 8;
const RECORD_HEADER = 12;
const WRAP = -1;
const MAX_ID_BYTES = 256;

/** 256 KiB per worker: a burst of output waits here until the gateway reads it. */
const DEFAULT_RING_BYTES = 256 * 1024;

export type LogStream = 'stdout' | 'stderr';

export function createLogRing(dataBytes = DEFAULT_RING_BYTES): SharedArrayBuffer {
  if (!Number.isInteger(dataBytes) || dataBytes < 4096 || dataBytes % 4 !== 0)
    throw new RangeError(`a log ring needs a multiple of 4 bytes, at least 4096; got ${dataBytes}`);
  return new SharedArrayBuffer(CONTROL_BYTES + dataBytes);
}

class Ring {
  protected readonly control: Int32Array;
  protected readonly data: Buffer;
  protected readonly capacity: number;

  constructor(shared: SharedArrayBuffer) {
    this.control = new Int32Array(shared, 0, 2);
    this.data = Buffer.from(shared, CONTROL_BYTES);
    this.capacity = this.data.length;
  }
}

/** The worker's end. */
export class LogRingWriter extends Ring {
  /**
   * Appends `text`, cut into pieces a quarter of the ring large at most; `waitForRoom` runs while
   * the ring is full, with the read offset seen, and returns once the reader moved it (or later).
   */
  write(stream: LogStream, requestId: string | undefined, text: string, waitForRoom: (read: number) => void): void {
    const idBytes = requestId === undefined ? 0 : Buffer.byteLength(requestId);
    // Request ids are the gateway's and the Lambda API's own (base64, UUIDs); anything longer is not one.
    const id = idBytes <= MAX_ID_BYTES ? requestId : undefined;
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 for 2).
    const maxChars = Math.floor((this.capacity / 4 - RECORD_HEADER - MAX_ID_BYTES) / 3);
    for (let start = 0; start < text.length; ) {
      let end = Math.min(text.length, start + maxChars);
      // Never split a surrogate pair: each piece is decoded on its own.
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
      const piece = start === 0 && end === text.length ? text : text.slice(start, end);
      while (!this.tryWrite(stream, id, piece)) waitForRoom(Atomics.load(this.control, READ));
      start = end;
    }
  }

  /** False when the ring has no room for the record now. */
  tryWrite(stream: LogStream, requestId: string | undefined, text: string): boolean {
    const idBytes = requestId === undefined ? 0 : Buffer.byteLength(requestId);
    if (idBytes > MAX_ID_BYTES) throw new RangeError(`request id of ${idBytes} bytes is above ${MAX_ID_BYTES}`);
    const textBytes = Buffer.byteLength(text);
    const size = align(RECORD_HEADER + idBytes + textBytes);
    if (size > this.capacity / 4) throw new RangeError(`log record of ${size} bytes is above a quarter of the ring`);
    const read = Atomics.load(this.control, READ);
    let at = this.control[WRITE] as number;
    // A wrap marker must always fit after the last record: no record ends closer than 4 bytes to the end.
    if (at >= read) {
      if (at + size + 4 > this.capacity) {
        // Room at the start only if writing there leaves the offsets apart (equal means empty).
        if (size >= read) return false;
        this.data.writeInt32LE(WRAP, at);
        at = 0;
      }
    } else if (at + size >= read) {
      return false;
    }
    this.data.writeInt32LE(size, at);
    this.data[at + 4] = stream === 'stdout' ? 0 : 1;
    this.data[at + 5] = requestId === undefined ? 0 : 1;
    this.data.writeUInt16LE(idBytes, at + 6);
    this.data.writeInt32LE(textBytes, at + 8);
    if (requestId !== undefined) this.data.write(requestId, at + RECORD_HEADER, idBytes, 'utf8');
    this.data.write(text, at + RECORD_HEADER + idBytes, 'utf8');
    Atomics.store(this.control, WRITE, at + size);
    return true;
  }
}

/** The gateway's end. */
export class LogRingReader extends Ring {
  /** True when records wait to be read. */
  get pending(): boolean {
    return Atomics.load(this.control, WRITE) !== Atomics.load(this.control, READ);
  }

  /** Hands every record written so far to `onRecord`, oldest first, and wakes a writer waiting for room. */
  drain(onRecord: (requestId: string | undefined, stream: LogStream, text: string) => void): void {
    const write = Atomics.load(this.control, WRITE);
    let at = Atomics.load(this.control, READ);
    if (at === write) return;
    while (at !== write) {
      const size = this.data.readInt32LE(at);
      if (size === WRAP) {
        at = 0;
        continue;
      }
      const stream: LogStream = this.data[at + 4] === 0 ? 'stdout' : 'stderr';
      const idBytes = this.data.readUInt16LE(at + 6);
      const textStart = at + RECORD_HEADER + idBytes;
      const requestId = this.data[at + 5] === 1 ? this.data.toString('utf8', at + RECORD_HEADER, textStart) : undefined;
      onRecord(requestId, stream, this.data.toString('utf8', textStart, textStart + this.data.readInt32LE(at + 8)));
      at += size;
    }
    Atomics.store(this.control, READ, at);
    Atomics.notify(this.control, READ);
  }
}

function align(bytes: number): number {
  return (bytes + 3) & ~3;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
