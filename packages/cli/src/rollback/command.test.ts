import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRollback } from './command.ts';
import type { RollbackAuditRecord } from './audit-line.ts';
import { startLambdaApiTestServer, type LambdaApiTestServer } from './lambda-api-test-server.ts';

const NOW = new Date('2026-11-28T15:30:00.000Z');

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRollback(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { FRONTDESK_ACTOR: 'alice@example.com', ...env },
    now: () => NOW,
  });
  return { code, out, err: err.join('\n'), audit: out.map((line) => JSON.parse(line) as RollbackAuditRecord) };
}

describe('pnpm rollback (real @aws-sdk/client-lambda against a Lambda REST endpoint)', () => {
  let api: LambdaApiTestServer;
  beforeEach(async () => {
    api = await startLambdaApiTestServer({
      'frontdesk-prod-orders': { versions: ['1', '2', '3', '4', '5'], live: { version: '5', revisionId: 'rev-a' } },
      'frontdesk-dev-users': { versions: ['1'], live: { version: '1', revisionId: 'rev-b' } },
      'frontdesk-dev-orders': { versions: ['3', '4'], live: { version: '4', weights: { '3': 0.1 }, revisionId: 'rev-c' } },
    });
  });
  afterEach(() => api.close());

  it('moves live to the previous version, prints before/after and one audit line', async () => {
    const result = await run(['orders', '--stage', 'prod', '--endpoint', api.endpoint]);

    expect(result.code).toBe(0);
    expect(api.functions.get('frontdesk-prod-orders')?.live.version).toBe('4');
    expect(result.err).toContain('before: version 5');
    expect(result.err).toContain('after:  version 4');
    expect(result.audit).toEqual([
      {
        audit: 'frontdesk.rollback',
        time: '2026-11-28T15:30:00.000Z',
        actor: 'alice@example.com',
        actorSource: 'FRONTDESK_ACTOR',
        action: 'lambda:UpdateAlias',
        app: 'orders',
        stage: 'prod',
        function: 'frontdesk-prod-orders',
        alias: 'live',
        from: '5',
        to: '4',
        outcome: 'succeeded',
        endpoint: api.endpoint,
      },
    ]);
  });

  it('sends a conditional UpdateAlias that clears any traffic split', async () => {
    await run(['orders', '--stage', 'prod', '--endpoint', api.endpoint]);
    const update = api.requests.find((request) => request.method === 'PUT');
    expect(update).toEqual({
      method: 'PUT',
      path: '/2015-03-31/functions/frontdesk-prod-orders/aliases/live',
      body: { FunctionVersion: '4', RevisionId: 'rev-a', RoutingConfig: { AdditionalVersionWeights: {} } },
    });
    // Versions come in pages of two here: the SDK paginator must have followed NextMarker.
    expect(api.requests.filter((request) => request.path.endsWith('/versions'))).toHaveLength(3);
  });

  it('moves to the version named by --to, reading the endpoint from FRONTDESK_LAMBDA_ENDPOINT', async () => {
    const result = await run(['orders', '--stage', 'prod', '--to', '2'], { FRONTDESK_LAMBDA_ENDPOINT: api.endpoint });
    expect(result.code).toBe(0);
    expect(api.functions.get('frontdesk-prod-orders')?.live.version).toBe('2');
    expect(result.audit[0]).toMatchObject({ from: '5', to: '2', outcome: 'succeeded' });
  });

  it('ends a gradual deploy in flight on the older version', async () => {
    const result = await run(['orders', '--stage', 'dev', '--endpoint', api.endpoint]);
    expect(result.code).toBe(0);
    expect(result.err).toContain('before: version 4 (+ 10% to version 3)');
    expect(result.err).toContain('after:  version 3');
    expect(api.functions.get('frontdesk-dev-orders')?.live).toMatchObject({ version: '3', weights: {} });
  });

  it('refuses clearly when there is nothing to roll back to, and audits the refusal', async () => {
    const result = await run(['users', '--stage', 'dev', '--endpoint', api.endpoint]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'Refused: frontdesk-dev-users:live points at version 1, and no older published version exists (published: 1): nothing to roll back to',
    );
    expect(result.audit).toEqual([
      expect.objectContaining({ outcome: 'refused', code: 'ERR_NOTHING_TO_ROLL_BACK', app: 'users', actor: 'alice@example.com' }),
    ]);
    expect(api.requests.some((request) => request.method === 'PUT')).toBe(false);
  });

  it.each([
    [['--to', '9'], 'ERR_VERSION_NOT_FOUND', 'frontdesk-prod-orders has no published version "9" (published: 1, 2, 3, 4, 5)'],
    [['--to', '5'], 'ERR_ALREADY_LIVE', 'frontdesk-prod-orders:live already points at version 5; nothing to do'],
  ])('refuses %j with %s', async (extra, code, message) => {
    const result = await run(['orders', '--stage', 'prod', '--endpoint', api.endpoint, ...extra]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.audit[0]).toMatchObject({ outcome: 'refused', code });
  });

  it('refuses an app that is not deployed to the stage', async () => {
    const result = await run(['billing', '--stage', 'prod', '--endpoint', api.endpoint]);
    expect(result.code).toBe(2);
    expect(result.audit[0]).toMatchObject({ outcome: 'refused', code: 'ERR_FUNCTION_NOT_FOUND', function: 'frontdesk-prod-billing' });
    expect(result.err).toContain('is the app deployed to this stage?');
  });

  it('refuses to overwrite an alias that changed after it was read', async () => {
    // Another deploy moves the alias between our GetAlias and UpdateAlias: simulate by changing the revision on the first version page.
    const fn = api.functions.get('frontdesk-prod-orders')!;
    const original = api.requests.push.bind(api.requests);
    api.requests.push = (...items) => {
      if (items.some((item) => item.path.endsWith('/versions'))) fn.live.revisionId = 'rev-deploy';
      return original(...items);
    };
    const result = await run(['orders', '--stage', 'prod', '--endpoint', api.endpoint]);
    expect(result.code).toBe(2);
    expect(result.audit[0]).toMatchObject({ outcome: 'refused', code: 'ERR_ALIAS_CHANGED' });
    expect(fn.live.version).toBe('5');
  });

  it('reports a failure it cannot classify as failed, exit 1', async () => {
    await api.close();
    const result = await run(['orders', '--stage', 'prod', '--endpoint', api.endpoint]);
    expect(result.code).toBe(1);
    expect(result.audit[0]).toMatchObject({ outcome: 'failed' });
    api = await startLambdaApiTestServer({});
  });

  it('takes the actor from GITHUB_ACTOR in CI and links the run', async () => {
    const result = await run(['orders', '--stage', 'prod', '--endpoint', api.endpoint], {
      FRONTDESK_ACTOR: '',
      GITHUB_ACTOR: 'octocat',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/frontdesk',
      GITHUB_RUN_ID: '42',
    });
    expect(result.audit[0]).toMatchObject({
      actor: 'octocat',
      actorSource: 'GITHUB_ACTOR',
      ciRun: 'https://github.com/acme/frontdesk/actions/runs/42',
    });
  });
});

describe('pnpm rollback usage', () => {
  it.each([
    [[], 'name the app to roll back'],
    [['orders'], '--stage is required'],
    [['orders', '--stage', 'staging'], 'STAGE="staging" is not a stage'],
    [['Orders!', '--stage', 'dev'], 'is not an app name'],
    [['orders', '--stage', 'dev', '--to', 'latest'], '--to must be a published version number'],
    [['orders', '--stage', 'dev', '--force'], "Unknown option '--force'"],
  ])('rejects %j with exit 64 and no audit line', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(64);
    expect(result.err).toContain(message);
    expect(result.out).toEqual([]);
  });
});
