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

  it('wraps plain lines as JSON when piped', () => {
    expect(JSON.parse(formatLogLine('orders', 'plain text', false))).toEqual({ app: 'orders', message: 'plain text' });
  });

  it('prints JSON log lines as "app LEVEL message {rest}" in a terminal', () => {
    const line = formatLogLine('orders', '{"level":"WARN","message":"slow","timestamp":"t","ms":900}', true).replace(/\x1b\[[0-9;]*m/g, '');
    expect(line).toBe('orders WARN  slow {"ms":900}');
  });
});
