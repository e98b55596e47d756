import { describe, expect, it } from 'vitest';
import { formatLogLine } from './print-app-logs.ts';

describe('formatLogLine', () => {
  it('keeps JSON log lines JSON when piped, adding the app', () => {
    expect(JSON.parse(formatLogLine('orders', '{"level":"INFO","message":"hi","requestId":"r1"}', false))).toEqual({
      app: 'orders',
      level: 'INFO',
      message: 'hi',
      requestId: 'r1',
    });
  });

  it('puts app first, keeps every member, and keeps an app the line names itself', () => {
    const line = formatLogLine('orders', ' { "level": "INFO", "nested": {"app": "inner"}, "n": [1, 2] } ', false);
    expect(line.startsWith('{"app":"orders",')).toBe(true);
    expect(JSON.parse(line)).toEqual({ app: 'orders', level: 'INFO', nested: { app: 'inner' }, n: [1, 2] });
    expect(JSON.parse(formatLogLine('orders', '{"app":"billing","message":"m"}', false))).toEqual({ app: 'billing', message: 'm' });
    expect(JSON.parse(formatLogLine('orders', '{ }', false))).toEqual({ app: 'orders' });
    expect(JSON.parse(formatLogLine('a"b', '{"x":1}', false))).toEqual({ app: 'a"b', x: 1 });
  });

  it('wraps plain lines as JSON when piped', () => {
    expect(JSON.parse(formatLogLine('orders', 'plain text', false))).toEqual({ app: 'orders', message: 'plain text' });
  });

  it('prints JSON log lines as "app LEVEL message {rest}" in a terminal', () => {
    const line = formatLogLine('orders', '{"level":"WARN","message":"slow","timestamp":"t","ms":900}', true).replace(/\x1b\[[0-9;]*m/g, '');
    expect(line).toBe('orders WARN  slow {"ms":900}');
  });
});
