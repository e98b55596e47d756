import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTHORIZER_SERVICE } from '../runtime/metric-names.ts';
import type { AuditLogger, DecisionRecord } from './audit.ts';
import { jsonAuditLogger } from './audit-line.ts';
import { withDecisionMetrics } from './decision-metrics-emf.ts';

/** Every line written to stdout and stderr while `run` runs, tagged with its stream. */
function capture(run: () => void): string[] {
  const lines: string[] = [];
  for (const [name, stream] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(`${name} ${line}`);
      return true;
    });
  }
  try {
    run();
  } finally {
    vi.restoreAllMocks();
  }
  return lines;
}

const context = {
  functionName: 'frontdesk-dev-authorizer',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:frontdesk-dev-authorizer',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
} as Context;

const records: DecisionRecord[] = [
  {
    decision: 'allow',
    route: 'GET /items/{id}',
    app: 'orders',
    stage: 'dev',
    requestId: 'req-1',
    tokenType: 'Bearer',
    sub: 'alice',
    client: 'cli',
    tokenIdHash: 'YotJ2W3N6XpDDdT1',
  },
  { decision: 'deny', code: 'expired', route: 'GET /x', app: 'orders', stage: 'dev', tokenType: 'DPoP', sub: 'bob' },
  // Empty values ('' route, absent app and stage) and an operator detail.
  { decision: 'deny', code: 'jwks_unavailable', route: '', detail: 'https://id.example.com/jwks: HTTP 503' },
  { decision: 'deny', code: 'missing_token', route: 'GET /x","decision":"allow\n{"', requestId: undefined }, // Every kind of character JSON.stringify escapes, or not: quotes, backslashes, control
  // characters, lone and paired surrogates, U+2028, DEL, non-ASCII (audit-line.ts quotes plain strings itself).
  {
    decision: 'allow',
    route: 'GET /a\\b',
    app: 'orders',
    stage: 'dev',
    requestId: 'tab\there\u0000\u001f',
    sub: 'lone \ud800 high, lone \udc00 low',
    client: 'pair \ud83d\ude00 emoji',
    tokenType: 'Bearer',
    tokenIdHash: 'line\u2028sep \u007f é ü 日本',
  },
];

/** The same calls through Powertools' Logger (with the EMF wrapper) and through {@link jsonAuditLogger}. */
function bothWays(env: Record<string, string>, calls: (logger: AuditLogger) => void, withContext = false) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const powertools = new Logger({ serviceName: AUTHORIZER_SERVICE });
  const ours = jsonAuditLogger();
  if (withContext) {
    powertools.addContext(context);
    ours.addContext(context);
  }
  return {
    expected: capture(() => calls(withDecisionMetrics(powertools))),
    actual: capture(() => calls(ours)),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-28T22:40:01.234Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('jsonAuditLogger writes exactly the line Powertools Logger writes', () => {
  it.each(records.map((record) => [record.decision, record.code ?? '', record] as const))(
    'for a %s %s: same bytes, same stream, same EMF document',
    (_decision, _code, record) => {
      const { expected, actual } = bothWays({ POWERTOOLS_LOG_LEVEL: '', LOG_LEVEL: '' }, (logger) =>
        record.decision === 'allow' ? logger.info('authorizer decision', record) : logger.warn('authorizer decision', record),
      );
      expect(actual).toHaveLength(1);
      expect(actual).toEqual(expected);
      const line = JSON.parse(actual[0]!.slice(7));
      expect(line._aws.CloudWatchMetrics[0].Namespace).toBe('Frontdesk');
      expect(line.level).toBe(record.decision === 'allow' ? 'INFO' : 'WARN');
    },
  );

  it('with the X-Ray trace id and the Lambda context (cold start first, then not), as addContext adds them', () => {
    const { expected, actual } = bothWays(
      {
        _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      },
      (logger) => {
        logger.info('authorizer decision', records[0]!);
        logger.warn('authorizer decision', records[1]!);
      },
      true,
    );
    expect(actual).toEqual(expected);
    const line = JSON.parse(actual[0]!.slice(7));
    expect(line).toMatchObject({ xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793', function_request_id: context.awsRequestId });
    expect(Object.keys(line).slice(0, 11)).toEqual([
      'level',
      'message',
      'timestamp',
      'service',
      'cold_start',
      'function_arn',
      'function_memory_size',
      'function_name',
      'function_request_id',
      'sampling_rate',
      'xray_trace_id',
    ]);
  });

  it('formats each timestamp as Powertools does, within one second and across seconds', () => {
    const calls = (logger: AuditLogger) => {
      for (const at of [
        '2026-11-28T22:40:01.005Z',
        '2026-11-28T22:40:01.050Z',
        '2026-11-28T22:40:01.999Z',
        '2026-11-28T22:40:02.000Z',
        '2026-11-28T22:39:59.120Z',
      ]) {
        vi.setSystemTime(new Date(at));
        logger.info('authorizer decision', records[0]!);
      }
    };
    const { expected, actual } = bothWays({}, calls);
    expect(actual).toHaveLength(5);
    expect(actual).toEqual(expected);
    expect(actual.map((line) => JSON.parse(line.slice(7)).timestamp)).toEqual([
      '2026-11-28T22:40:01.005Z',
      '2026-11-28T22:40:01.050Z',
      '2026-11-28T22:40:01.999Z',
      '2026-11-28T22:40:02.000Z',
      '2026-11-28T22:39:59.120Z',
    ]);
  });

  it('follows the trace header from one invocation to the next', () => {
    const ours = jsonAuditLogger();
    const traceIds = ['Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1', 'Root=1-67891233-abcdef012345678912345678;Sampled=0', ''].map(
      (header) => {
        vi.stubEnv('_X_AMZN_TRACE_ID', header);
        return JSON.parse(capture(() => ours.info('authorizer decision', records[0]!))[0]!.slice(7)).xray_trace_id;
      },
    );
    expect(traceIds).toEqual(['1-5759e988-bd862e3fe1be46a994272793', '1-67891233-abcdef012345678912345678', undefined]);
  });

  it('marks only the first invocation a cold start, like Powertools', () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const ours = jsonAuditLogger();
    const coldStarts = [1, 2].map(() => {
      ours.addContext(context);
      return JSON.parse(capture(() => ours.info('authorizer decision', records[0]!))[0]!.slice(7)).cold_start;
    });
    expect(coldStarts).toEqual([true, false]);
  });

  it('for an internal error: the error formatted as Powertools formats it, on stderr', () => {
    const error = new TypeError('boom', { cause: new Error('inner') });
    const { expected, actual } = bothWays({}, (logger) => logger.error('authorizer internal error', error));
    expect(actual).toEqual(expected);
    expect(actual[0]).toMatch(/^stderr /);
  });

  it.each([[{ POWERTOOLS_LOG_LEVEL: 'ERROR' }], [{ LOG_LEVEL: 'SILENT' }], [{ POWERTOOLS_LOG_LEVEL: 'DEBUG' }]])(
    'writes every audit line whatever the log level (%o): an audit record and its metric are not diagnostics',
    (env) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const lines = capture(() => {
        const logger = jsonAuditLogger();
        logger.info('authorizer decision', records[0]!);
        logger.warn('authorizer decision', records[1]!);
        logger.error('authorizer internal error', new Error('boom'));
      });
      expect(lines.map((line) => JSON.parse(line.slice(7)).level)).toEqual(['INFO', 'WARN', 'ERROR']);
    },
  );

  it('keeps caller-controlled values inside their fields', () => {
    const [line] = capture(() => jsonAuditLogger().warn('authorizer decision', records[3]!));
    const parsed = JSON.parse(line!.slice(7));
    expect(parsed.decision).toBe('deny');
    expect(parsed.route).toBe('GET /x","decision":"allow\n{"');
  });

  it('writes each value as it is now: a changed object anew, a value JSON cannot write never from an earlier line', () => {
    const logger = jsonAuditLogger();
    const detail = { n: 1 };
    const record = (value: unknown) => ({ decision: 'deny', route: 'GET /', detail: value }) as unknown as DecisionRecord;
    const details = () => capture(() => logger.warn('authorizer decision', record(detail))).map((line) => JSON.parse(line.slice(7)).detail);
    expect(details()).toEqual([{ n: 1 }]);
    detail.n = 2;
    expect(details()).toEqual([{ n: 2 }]);
    capture(() => logger.warn('authorizer decision', record('first')));
    for (let i = 0; i < 2; i++) expect(() => capture(() => logger.warn('authorizer decision', record(7n)))).toThrow(TypeError);
  });
});
