import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DecisionRecord } from './audit.ts';
import { loadAuthorizerConfig } from './config.ts';
import { authorizerWith } from './create-authorizer.ts';
import { authorizerEvent } from './test-fixtures.ts';

/** Imports the Lambda entry afresh, as a cold start would, with exactly `env` set. */
async function coldStart(env: Record<string, string>) {
  vi.resetModules();
  for (const name of Object.keys(process.env)) if (name.startsWith('FRONTDESK_')) vi.stubEnv(name, undefined as never);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('./handler.ts');
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const valid = {
  FRONTDESK_ISSUER: 'https://id.example.com',
  FRONTDESK_AUDIENCE: 'orders-api',
  FRONTDESK_REPLAY_TABLE: 'frontdesk-dev-dpop-replay',
  FRONTDESK_STAGE: 'dev',
};

describe('Lambda handler cold start', () => {
  it('fails at init, naming FRONTDESK_ISSUER, when it is missing', async () => {
    await expect(coldStart({ FRONTDESK_AUDIENCE: 'orders-api' })).rejects.toThrow(/^FRONTDESK_ISSUER is required/);
  });

  it('fails at init, naming FRONTDESK_AUDIENCE, when it is missing', async () => {
    await expect(coldStart({ FRONTDESK_ISSUER: 'https://id.example.com' })).rejects.toThrow(/^FRONTDESK_AUDIENCE is required/);
  });

  it('fails at init, naming FRONTDESK_ALGORITHMS, when it lists a symmetric algorithm', async () => {
    await expect(coldStart({ ...valid, FRONTDESK_ALGORITHMS: 'HS256' })).rejects.toThrow(/^FRONTDESK_ALGORITHMS must not list "HS256"/);
  });

  it('fails at init, naming FRONTDESK_REPLAY_TABLE, when DPoP is on without a replay table', async () => {
    const { FRONTDESK_REPLAY_TABLE: _omitted, ...withoutTable } = valid;
    await expect(coldStart(withoutTable)).rejects.toThrow(/^FRONTDESK_REPLAY_TABLE is required when FRONTDESK_DPOP is not off/);
  });

  it('starts without a replay table when DPoP is off', async () => {
    const { FRONTDESK_REPLAY_TABLE: _omitted, ...withoutTable } = valid;
    await expect(coldStart({ ...withoutTable, FRONTDESK_DPOP: 'off' })).resolves.toHaveProperty('handler');
  });

  it('denies (not throws) a request without a token, writes one audit line that is also the EMF metric', async () => {
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        lines.push(String(chunk));
        return true;
      });
    }
    const { handler } = await coldStart(valid);
    expect(await handler(authorizerEvent({}))).toEqual({ isAuthorized: false });
    vi.restoreAllMocks();
    const decisionLines = lines.filter((line) => line.includes('authorizer decision'));
    expect(decisionLines).toHaveLength(1);
    const line = JSON.parse(decisionLines[0] as string);
    expect(line).toMatchObject({
      code: 'missing_token',
      app: 'orders',
      stage: 'dev',
      route: 'GET /items/{id}',
      Denied: 1,
      Denied_missing_token: 1,
    });
    expect(line._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Frontdesk',
        Dimensions: [['app', 'stage']],
        Metrics: [
          { Name: 'Denied', Unit: 'Count' },
          { Name: 'Denied_missing_token', Unit: 'Count' },
        ],
      },
    ]);
  });

  it("puts the invocation's Lambda context in its audit line, as Powertools addContext does", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    });
    const { handler } = await coldStart(valid);
    const context = {
      functionName: 'frontdesk-dev-authorizer',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:a',
      memoryLimitInMB: '256',
      awsRequestId: 'req-42',
    };
    await handler(authorizerEvent({}), context as never);
    vi.restoreAllMocks();
    const line = JSON.parse(lines.find((text) => text.includes('authorizer decision')) as string);
    expect(line).toMatchObject({
      level: 'WARN',
      service: 'frontdesk-authorizer',
      function_name: 'frontdesk-dev-authorizer',
      function_request_id: 'req-42',
      function_memory_size: '256',
    });
  });
});

describe('authorizerWith (what the handler builds: no in-memory replay store default)', () => {
  const settings = { FRONTDESK_ISSUER: 'https://id.example.com', FRONTDESK_AUDIENCE: 'orders-api' };

  it('refuses to build with DPoP on and no replay store', () => {
    expect(() => authorizerWith(loadAuthorizerConfig(settings), {})).toThrow(/DPoP needs a replay store/);
  });

  it('builds without one when DPoP is off, and denies a DPoP request before reading its proof', async () => {
    const records: DecisionRecord[] = [];
    const logger = {
      info: (_: string, record: DecisionRecord) => records.push(record),
      warn: (_: string, record: DecisionRecord) => records.push(record),
      error() {},
    };
    const authorize = authorizerWith(loadAuthorizerConfig({ ...settings, FRONTDESK_DPOP: 'off' }), { logger });
    expect(await authorize(authorizerEvent({ authorization: 'DPoP a.b.c', dpop: 'd.e.f' }))).toEqual({ isAuthorized: false });
    expect(records.map((record) => record.code)).toEqual(['unsupported_scheme']);
  });
});
