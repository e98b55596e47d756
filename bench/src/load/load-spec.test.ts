import { describe, expect, it } from 'vitest';
import { autocannonArgs, loadDeadlineMs, type LoadSpec } from './load-spec.ts';

const spec: LoadSpec = { url: 'http://127.0.0.1:4000/orders/', connections: 10, durationSeconds: 5, maxRequests: 50_000 };

describe('autocannonArgs', () => {
  it('bounds every run by both a duration and a request count', () => {
    const args = autocannonArgs(spec);
    expect(args).toEqual(expect.arrayContaining(['--duration', '5', '--maxOverallRequests', '50000', '--connections', '10', '--json']));
    expect(args.at(-1)).toBe('http://127.0.0.1:4000/orders/');
  });
  it('passes headers as name=value pairs', () => {
    const args = autocannonArgs({ ...spec, headers: { authorization: 'Bearer abc' } });
    expect(args).toEqual(expect.arrayContaining(['--headers', 'authorization=Bearer abc']));
  });
  it('refuses any host but 127.0.0.1', () => {
    expect(() => autocannonArgs({ ...spec, url: 'http://localhost:4000/' })).toThrow(/127\.0\.0\.1/);
    expect(() => autocannonArgs({ ...spec, url: 'http://10.0.0.1:4000/' })).toThrow(/127\.0\.0\.1/);
    expect(() => autocannonArgs({ ...spec, url: 'https://127.0.0.1:4000/' })).toThrow(/127\.0\.0\.1/);
  });
  it('refuses unbounded or absurd runs', () => {
    expect(() => autocannonArgs({ ...spec, durationSeconds: 0 })).toThrow(/durationSeconds/);
    expect(() => autocannonArgs({ ...spec, durationSeconds: 61 })).toThrow(/durationSeconds/);
    expect(() => autocannonArgs({ ...spec, maxRequests: Number.POSITIVE_INFINITY })).toThrow(/maxRequests/);
    expect(() => autocannonArgs({ ...spec, connections: 1.5 })).toThrow(/connections/);
    expect(() => autocannonArgs({ ...spec, connections: 1000 })).toThrow(/connections/);
  });
  it('refuses header values that would split the request', () => {
    expect(() => autocannonArgs({ ...spec, headers: { x: 'a\r\nhost: evil' } })).toThrow(/line break/);
  });
});

describe('loadDeadlineMs', () => {
  it('leaves room for the last responses to time out, and no more', () => {
    expect(loadDeadlineMs(spec)).toBe((5 + 10 + 5) * 1000);
  });
});
