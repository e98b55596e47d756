import { connect } from 'node:net';

/** Sends bytes exactly as given (repeated header lines, oversized heads) and returns the raw answer. */
export function rawRequest(
  baseUrl: string,
  head: string,
  body: Buffer = Buffer.alloc(0),
): Promise<{ status: number; headers: string; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.slice(9, 12)), headers: text.slice(0, split), body: text.slice(split + 4) });
    });
    socket.write(head.replace(/\n/g, '\r\n'));
    socket.write(body); // no half-close: Node would drop the request; "Connection: close" ends the exchange
  });
}
