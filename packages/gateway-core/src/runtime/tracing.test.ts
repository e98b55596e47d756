import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FrontdeskEvent } from './with-frontdesk.ts';

const context = { awsRequestId: 'lambda-req-1', functionName: 'frontdesk-dev-orders' } as Context;
const event = { routeKey: 'GET /{orderId}', rawPath: '/o-1', requestContext: { requestId: 'apigw-req-1' } } as FrontdeskEvent;

/**
 * The opt-in tracer against the real X-Ray SDK in its Lambda mode: a UDP socket stands in for the
 * X-Ray daemon (AWS_XRAY_DAEMON_ADDRESS) and receives the subsegment the SDK sends.
 */
describe('createTracer (runtime/tracing), enabled in Lambda', () => {
  let daemon: Socket;
  const datagrams: string[] = [];

  beforeAll(async () => {
    daemon = createSocket('udp4');
    daemon.on('message', (message) => datagrams.push(message.toString()));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    // Read by the X-Ray SDK when it loads: the modules are imported after these are set.
    vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `127.0.0.1:${(daemon.address() as AddressInfo).port}`);
    vi.stubEnv('LAMBDA_TASK_ROOT', '/var/task');
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
    vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    daemon.close();
  });

  it('sends one "## <route>" subsegment per request, annotated with route and service, under the Lambda segment', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { createTracer } = await import('./tracing.ts');
    const { withFrontdesk } = await import('./with-frontdesk.ts');
    const tracer = createTracer({ service: 'orders' });
    const handler = withFrontdesk({ app: 'orders', tracer }, async (_event, tools) => ({
      statusCode: 200,
      body: String(tools.tracer?.isTracingEnabled()),
    }));

    expect(await handler(event, context)).toMatchObject({ statusCode: 200, body: 'true' });
    await vi.waitFor(() => expect(datagrams).toHaveLength(1));
    const [header, body] = datagrams[0]!.split('\n');
    expect(JSON.parse(header!)).toEqual({ format: 'json', version: 1 });
    expect(JSON.parse(body!)).toMatchObject({
      name: '## GET /{orderId}',
      type: 'subsegment',
      parent_id: '53995c3f42cd8ad8',
      trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      annotations: { route: 'GET /{orderId}', Service: 'orders' },
    });
    vi.restoreAllMocks();
  });
});

describe('withFrontdesk without a tracer', () => {
  it('hands the handler no tracer and still answers', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { withFrontdesk } = await import('./with-frontdesk.ts');
    const handler = withFrontdesk({ app: 'orders' }, async (_event, tools) => ({ statusCode: 200, body: String(tools.tracer) }));
    expect(await handler(event, context)).toMatchObject({ statusCode: 200, body: 'undefined' });
    vi.restoreAllMocks();
  });
});
