import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry } from './telemetry.ts';
import { withFrontdesk, type FrontdeskEvent } from './with-frontdesk.ts';

const context = { awsRequestId: 'lambda-req-1', functionName: 'frontdesk-dev-orders' } as Context;

function event(overrides: Partial<FrontdeskEvent> = {}): FrontdeskEvent {
  return {
    version: '2.0',
    routeKey: 'GET /{orderId}',
    rawPath: '/o-1',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'GET', path: '/o-1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'apigw-req-1',
      routeKey: 'GET /{orderId}',
      stage: '$default',
      time: '28/Nov/2026:15:00:00 +0000',
      timeEpoch: 0,
      authorizer: { lambda: { sub: 'alice' } },
    },
    ...overrides,
  } as FrontdeskEvent;
}

/** Powertools writes logs (errors to stderr) and EMF through Console objects bound to stdout. */
function captureStdout(): { lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
  }
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('withFrontdesk', () => {
  beforeEach(() => vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO'));
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('writes JSON log lines carrying requestId, apiRequestId, app, route, sub and stage', async () => {
    const out = captureStdout();
    const telemetry = createTelemetry({ service: 'orders', environment: { inLambda: false, stage: 'local' } });
    const handler = withFrontdesk({ app: 'orders', telemetry }, async (_event, { logger, caller }) => {
      logger.info('reading order', { owner: caller?.sub });
      return { statusCode: 200, body: '{}' };
    });

    await handler(event(), context);

    const lines = out.lines();
    expect(lines.map((line) => line.message)).toEqual(['reading order', 'request completed']);
    for (const line of lines) {
      expect(line).toMatchObject({
        requestId: 'lambda-req-1',
        apiRequestId: 'apigw-req-1',
        app: 'orders',
        service: 'orders',
        route: 'GET /{orderId}',
        sub: 'alice',
        stage: 'local',
      });
    }
    expect(lines[1]).toMatchObject({ statusCode: 200 });
  });

  it('does not carry one request’s keys into the next', async () => {
    const out = captureStdout();
    const telemetry = createTelemetry({ service: 'users', environment: { inLambda: false, stage: 'local' } });
    const handler = withFrontdesk({ app: 'users', telemetry }, async () => ({ statusCode: 200 }));

    await handler(event(), context);
    const publicEvent = event({ routeKey: 'GET /health' });
    delete publicEvent.requestContext.authorizer;
    await handler(publicEvent, context);

    const [first, second] = out.lines();
    expect(first).toMatchObject({ sub: 'alice' });
    expect(second).not.toHaveProperty('sub');
    expect(second).toMatchObject({ route: 'GET /health' });
  });

  it('emits Requests, errors and Latency as EMF in the Frontdesk namespace per app and per route in Lambda', async () => {
    const out = captureStdout();
    const telemetry = createTelemetry({ service: 'orders', environment: { inLambda: true, stage: 'dev' } });
    const handler = withFrontdesk({ app: 'orders', telemetry }, async () => ({ statusCode: 503 }));

    await handler(event(), context);

    const emf = out.lines().find((line) => '_aws' in line) as Record<string, any>;
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Frontdesk',
      Dimensions: [
        ['service', 'app', 'stage'],
        ['service', 'app', 'stage', 'route'],
      ],
    });
    expect(emf).toMatchObject({ app: 'orders', stage: 'dev', route: 'GET /{orderId}', Requests: 1, ServerErrors: 1, ClientErrors: 0 });
    expect(typeof emf.Latency).toBe('number');
  });

  it('keeps metrics off stdout outside Lambda', async () => {
    const out = captureStdout();
    const telemetry = createTelemetry({ service: 'orders', environment: { inLambda: false, stage: 'local' } });
    await withFrontdesk({ app: 'orders', telemetry }, async () => ({ statusCode: 200 }))(event(), context);

    expect(out.lines().some((line) => '_aws' in line)).toBe(false);
  });

  it('logs a thrown error, counts it as a server error and rethrows it', async () => {
    const out = captureStdout();
    const telemetry = createTelemetry({ service: 'orders', environment: { inLambda: true, stage: 'dev' } });
    const handler = withFrontdesk({ app: 'orders', telemetry }, async () => {
      throw new Error('database unreachable');
    });

    await expect(handler(event(), context)).rejects.toThrow('database unreachable');

    const lines = out.lines();
    expect(lines.find((line) => line.level === 'ERROR')).toMatchObject({
      route: 'GET /{orderId}',
      error: expect.objectContaining({ message: 'database unreachable' }),
    });
    expect(lines.find((line) => '_aws' in line)).toMatchObject({ ServerErrors: 1 });
  });

  it('counts a returned 4xx as a client error and a bare object as a 200', async () => {
    const out = captureStdout();
    const telemetry = createTelemetry({ service: 'orders', environment: { inLambda: true, stage: 'dev' } });
    await withFrontdesk({ app: 'orders', telemetry }, async () => ({ statusCode: 404 }))(event(), context);
    await withFrontdesk({ app: 'orders', telemetry }, async () => ({ orders: [] }) as never)(event(), context);

    const emf = out.lines().filter((line) => '_aws' in line);
    expect(emf[0]).toMatchObject({ ClientErrors: 1, ServerErrors: 0 });
    expect(emf[1]).toMatchObject({ ClientErrors: 0, ServerErrors: 0 });
    expect(
      out
        .lines()
        .filter((line) => line.message === 'request completed')
        .map((line) => line.statusCode),
    ).toEqual([404, 200]);
  });

  describe('refuses paths with dot segments before the handler runs (issue 11 §1, defence in depth)', () => {
    const refused = { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{"message":"Bad Request"}' };
    const cases: Array<[string, Partial<FrontdeskEvent>]> = [
      ['rawPath ..', { rawPath: '/assets/../admin/report' }],
      ['rawPath %2e%2e in any case', { rawPath: '/assets/%2E%2e/admin/report' }],
      ['rawPath .%2e', { rawPath: '/assets/.%2e/admin/report' }],
      ['rawPath double-encoded', { rawPath: '/assets/%252e%252e/admin/report' }],
      ['rawPath with a backslash', { rawPath: '/assets\\admin/report' }],
      [
        'a greedy parameter ../../users/me',
        { routeKey: 'GET /files/{proxy+}', rawPath: '/files/x', pathParameters: { proxy: '../../users/me' } },
      ],
      ['a parameter %2e%2e (decoded again by the app)', { pathParameters: { orderId: '%2e%2e' } }],
      ['a parameter with backslashes', { pathParameters: { orderId: '..\\x' } }],
    ];
    it.each(cases)('%s → 400 without calling the handler, with a warning line', async (_name, overrides) => {
      const out = captureStdout();
      const telemetry = createTelemetry({ service: 'orders', environment: { inLambda: false, stage: 'local' } });
      const handler = vi.fn(async () => ({ statusCode: 200, body: 'admin data' }));
      const wrapped = withFrontdesk({ app: 'orders', telemetry }, handler);

      expect(await wrapped(event(overrides), context)).toEqual(refused);
      expect(handler).not.toHaveBeenCalled();
      expect(out.lines()).toContainEqual(
        expect.objectContaining({ level: 'WARN', message: 'request refused: ambiguous path', statusCode: 400 }),
      );
    });

    it('still serves dots that are not segments', async () => {
      captureStdout();
      const telemetry = createTelemetry({ service: 'orders', environment: { inLambda: false, stage: 'local' } });
      const handler = vi.fn(async () => ({ statusCode: 200, body: 'ok' }));
      const wrapped = withFrontdesk({ app: 'orders', telemetry }, handler);
      await wrapped(event({ rawPath: '/files/report.v2.pdf', pathParameters: { proxy: 'a/.well-known/b..c' } }), context);
      expect(handler).toHaveBeenCalledOnce();
    });
  });
});
