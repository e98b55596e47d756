import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditLineLogger } from './audit-line-logger.ts';

afterEach(() => vi.unstubAllEnvs());

function capture() {
  const lines: string[] = [];
  const logger = auditLineLogger({ serviceName: 'frontdesk-authorizer', write: (line) => lines.push(line), now: () => 1_700_000_000_000 });
  return { lines, logger, parsed: () => lines.map((line) => JSON.parse(line)) };
}

describe('auditLineLogger', () => {
  it('writes an allow as one newline-terminated JSON line: Powertools keys first, then the record and its EMF metric', () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
    const { lines, logger, parsed } = capture();
    logger.info('authorizer decision', { decision: 'allow', route: 'GET /items/{id}', app: 'orders', stage: 'dev', sub: 'alice', tokenType: 'Bearer' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\{[^\n]*\}\n$/);
    const [line] = parsed();
    expect(Object.keys(line).slice(0, 6)).toEqual(['level', 'message', 'timestamp', 'service', 'sampling_rate', 'xray_trace_id']);
    expect(line).toEqual({
      level: 'INFO',
      message: 'authorizer decision',
      timestamp: '2023-11-14T22:13:20.000Z',
      service: 'frontdesk-authorizer',
      sampling_rate: 0,
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      decision: 'allow',
      route: 'GET /items/{id}',
      app: 'orders',
      stage: 'dev',
      tokenType: 'Bearer',
      sub: 'alice',
      _aws: { Timestamp: 1_700_000_000_000, CloudWatchMetrics: [{ Namespace: 'Frontdesk', Dimensions: [['app', 'stage']], Metrics: [{ Name: 'Allowed', Unit: 'Count' }] }] },
      Allowed: 1,
    });
  });

  it('writes a denial at WARN with Denied and Denied_<code>, each outcome its own metrics, unknown dimensions named', () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', '');
    const { logger, parsed } = capture();
    logger.warn('authorizer decision', { decision: 'deny', code: 'expired', route: 'GET /x', app: 'orders', stage: 'dev' });
    logger.warn('authorizer decision', { decision: 'deny', code: 'bad_signature', route: 'GET /x' });
    logger.warn('authorizer decision', { decision: 'deny', code: 'expired', route: 'GET /y' });
    const [expired, badSignature, expiredAgain] = parsed();
    expect(expired).toMatchObject({ level: 'WARN', code: 'expired', Denied: 1, Denied_expired: 1 });
    expect(expired).not.toHaveProperty('xray_trace_id');
    expect(expired._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'Denied', Unit: 'Count' }, { Name: 'Denied_expired', Unit: 'Count' }]);
    expect(badSignature).toMatchObject({ app: 'unknown', stage: 'unknown', Denied: 1, Denied_bad_signature: 1 });
    expect(badSignature).not.toHaveProperty('Denied_expired');
    expect(expiredAgain).toMatchObject({ route: 'GET /y', Denied_expired: 1 });
  });

  it('escapes caller-controlled values, so a hostile route or subject cannot forge keys or lines', () => {
    const { lines, logger, parsed } = capture();
    logger.warn('authorizer decision', { decision: 'deny', code: 'missing_token', route: 'GET /x","decision":"allow\n{"', sub: '"}\u2028' });
    expect(lines[0]?.split('\n')).toHaveLength(2);
    const [line] = parsed();
    expect(line.decision).toBe('deny');
    expect(line.route).toBe('GET /x","decision":"allow\n{"');
  });

  it('writes an internal error at ERROR with its name, location, message and stack', () => {
    const { logger, parsed } = capture();
    logger.error('authorizer internal error', new TypeError('boom'));
    const [line] = parsed();
    expect(line).toMatchObject({ level: 'ERROR', message: 'authorizer internal error', service: 'frontdesk-authorizer', error: { name: 'TypeError', message: 'boom' } });
    expect(line.error.location).toMatch(/audit-line-logger\.test\.ts:\d+$/);
    expect(line.error.stack).toContain('TypeError: boom');
  });
});
