import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';
import { rawRequest } from './helpers/raw-request.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['echo']);
});
afterAll(() => fixture.stop());

describe('HTTP API quotas (AWS: "Quotas for configuring and running an HTTP API")', () => {
  it('accepts a payload of exactly 10 MB', async () => {
    const body = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const response = await fixture.get('/echo/upload', { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as { event: { body: string } };
    expect(event.body.length).toBe(body.length);
  });

  it('reads a chunked body (Transfer-Encoding, no Content-Length) whole; a request with neither has no body', async () => {
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    const chunked = await rawRequest(
      fixture.server.url,
      'POST /echo/upload HTTP/1.1\nHost: 127.0.0.1\nConnection: close\nContent-Type: text/plain\nTransfer-Encoding: chunked\n\n',
      Buffer.from(`${chunk('first part, ')}${chunk('second part')}0\r\n\r\n`),
    );
    expect(chunked.status).toBe(200);
    expect((JSON.parse(chunked.body) as { event: { body: string } }).event.body).toBe('first part, second part');
    const bodiless = await rawRequest(fixture.server.url, 'POST /echo/upload HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n');
    expect(bodiless.status).toBe(200);
    expect(JSON.parse(bodiless.body)).toMatchObject({ event: { isBase64Encoded: false } });
    expect((JSON.parse(bodiless.body) as { event: Record<string, unknown> }).event).not.toHaveProperty('body');
  });

  it('answers 413 {"message":"Request Entity Too Large"} above 10 MB, without invoking the app', async () => {
    const response = await fixture.get('/echo/upload', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('answers 431 when the request line and headers exceed 10240 bytes, and serves 10240 exactly', async () => {
    const head = (size: number) => {
      const start = 'GET /echo/things HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Pad: ';
      const padding = size - start.length - 2; // the X-Pad line ends with CRLF
      return `${start}${'p'.repeat(padding)}\r\n\r\n`.replace(/\r\n/g, '\n');
    };
    const atLimit = await rawRequest(fixture.server.url, head(10_240));
    expect(atLimit.status).toBe(200);
    const over = await rawRequest(fixture.server.url, head(10_241));
    expect(over.status).toBe(431);
    expect(JSON.parse(over.body)).toEqual({ message: 'Request Header Fields Too Large' });
  });
});
