import { afterEach, describe, expect, it, vi } from 'vitest';
import { powertoolsAuditLogger } from './audit-logger.ts';

afterEach(() => vi.restoreAllMocks());

/** Every JSON line the Powertools Logger writes to stdout or stderr while `run` runs. */
function captureLines(run: () => void): Record<string, any>[] {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
  run();
  vi.restoreAllMocks();
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

describe('powertoolsAuditLogger', () => {
  it('writes an allow as one Powertools JSON line that is also an EMF document counting Allowed', () => {
    const [line, ...rest] = captureLines(() =>
      powertoolsAuditLogger().info('authorizer decision', {
        decision: 'allow',
        route: 'GET /items/{id}',
        app: 'orders',
        stage: 'dev',
        sub: 'alice',
        tokenType: 'Bearer',
        tokenIdHash: 'abc',
      }),
    );
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'authorizer decision',
      service: 'frontdesk-authorizer',
      decision: 'allow',
      route: 'GET /items/{id}',
      app: 'orders',
      stage: 'dev',
      sub: 'alice',
      Allowed: 1,
      _aws: {
        CloudWatchMetrics: [{ Namespace: 'Frontdesk', Dimensions: [['app', 'stage']], Metrics: [{ Name: 'Allowed', Unit: 'Count' }] }],
      },
    });
    expect(typeof line?.timestamp).toBe('string');
    expect(typeof line?._aws.Timestamp).toBe('number');
  });

  it('writes a denial at WARN with Denied and Denied_<code>, naming unknown dimensions', () => {
    const lines = captureLines(() => {
      const logger = powertoolsAuditLogger();
      logger.warn('authorizer decision', { decision: 'deny', code: 'expired', route: 'GET /x', app: 'orders', stage: 'dev' });
      logger.warn('authorizer decision', { decision: 'deny', code: 'bad_signature', route: 'GET /x' });
    });
    expect(lines[0]).toMatchObject({ level: 'WARN', code: 'expired', Denied: 1, Denied_expired: 1 });
    expect(lines[0]?._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'Denied', Unit: 'Count' },
      { Name: 'Denied_expired', Unit: 'Count' },
    ]);
    expect(lines[1]).toMatchObject({ app: 'unknown', stage: 'unknown', Denied: 1, Denied_bad_signature: 1 });
    expect(lines[1]).not.toHaveProperty('Denied_expired');
  });

  it('keeps caller-controlled values inside their fields', () => {
    const [line] = captureLines(() =>
      powertoolsAuditLogger().warn('authorizer decision', {
        decision: 'deny',
        code: 'missing_token',
        route: 'GET /x","decision":"allow\n{"',
      }),
    );
    expect(line?.decision).toBe('deny');
    expect(line?.route).toBe('GET /x","decision":"allow\n{"');
  });
});
