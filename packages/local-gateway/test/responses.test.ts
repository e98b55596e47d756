import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['responses']);
});
afterAll(() => fixture.stop());

describe('response mapping, payload format 2.0 (AWS: "Lambda function response for format 2.0")', () => {
  it('turns a returned object without statusCode into 200 application/json with the object as body', async () => {
    const response = await fixture.get('/responses/object');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{"hello":"world","n":1}');
  });

  it('sends a returned string as the body', async () => {
    const response = await fixture.get('/responses/string');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('just a string');
  });

  it('uses statusCode and headers, and turns each cookie into its own set-cookie header', async () => {
    const response = await fixture.get('/responses/cookies');
    expect(response.status).toBe(201);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.get('x-number')).toBe('7');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(await response.text()).toBe('ok');
  });

  it('decodes a body marked isBase64Encoded', async () => {
    const response = await fixture.get('/responses/base64');
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 250, 255]));
  });

  it('round-trips a binary request body byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, index) => (index * 31) % 256));
    const response = await fixture.get('/responses/binary', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(response.headers.get('x-was-base64')).toBe('true');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers 500 {"message":"Internal Server Error"} when the function throws', async () => {
    const response = await fixture.get('/responses/throw');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"message":"Internal Server Error"}');
    expect(fixture.events).toContainEqual(
      expect.objectContaining({
        level: 'error',
        app: 'responses',
        message: expect.stringContaining('TypeError: the handler failed on purpose'),
      }),
    );
  });

  it('answers 500 {"message":"Internal Server Error"} for a malformed response', async () => {
    const response = await fixture.get('/responses/malformed');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('answers 503 {"message":"Service Unavailable"} when the function outlives its configured timeout', async () => {
    const response = await fixture.get('/responses/slow');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
    // The timed-out environment is discarded; the next request gets a fresh one.
    expect((await fixture.get('/responses/object')).status).toBe(200);
  });
});
