import { GetAliasCommand, InvokeCommand, LambdaClient, ListVersionsByFunctionCommand, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

let fixture: Fixture;
let lambda: LambdaClient;
beforeAll(async () => {
  fixture = await startFixture(['echo', 'responses', 'exits'], { watch: true });
  lambda = new LambdaClient({
    endpoint: fixture.server.lambdaUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  lambda.destroy();
  await fixture.stop();
});

const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as unknown;

describe('the local Lambda API, driven by the real @aws-sdk/client-lambda', () => {
  it('Invoke (RequestResponse) runs the function by its deployed name and returns its payload', async () => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'frontdesk-dev-responses', Payload: JSON.stringify({ routeKey: 'GET /object' }) }),
    );
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(result.ExecutedVersion).toBe('$LATEST');
    expect(decode(result.Payload)).toEqual({ hello: 'world', n: 1 });
  });

  it('reports ExecutedVersion as AWS does: $LATEST when unqualified or $LATEST, the version an alias or number names', async () => {
    const run = async (Qualifier?: string) =>
      await lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-echo', ...(Qualifier ? { Qualifier } : {}), Payload: '{}' }));
    for (const qualifier of [undefined, '$LATEST']) {
      const result = await run(qualifier);
      expect(result.ExecutedVersion, String(qualifier)).toBe('$LATEST');
      // The function sees what Lambda tells it: context.functionVersion is $LATEST too.
      expect(JSON.parse((decode(result.Payload) as { body: string }).body).context.functionVersion).toBe('$LATEST');
    }
    const live = await run('live');
    expect(live.ExecutedVersion).toMatch(/^\d+$/);
    expect(JSON.parse((decode(live.Payload) as { body: string }).body).context.functionVersion).toBe(live.ExecutedVersion);
    expect((await run('1')).ExecutedVersion).toBe('1');
    const dryRun = await lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-echo', InvocationType: 'DryRun' }));
    expect(dryRun.StatusCode).toBe(204);
  });

  it('resolves every FunctionName form Lambda documents: name, name:qualifier, full ARN, partial ARN <account>:function:<name>', async () => {
    for (const FunctionName of [
      'frontdesk-dev-responses',
      'frontdesk-dev-responses:live',
      'arn:aws:lambda:us-east-1:000000000000:function:frontdesk-dev-responses',
      '000000000000:function:frontdesk-dev-responses',
      '000000000000:function:frontdesk-dev-responses:live',
    ]) {
      const result = await lambda.send(new InvokeCommand({ FunctionName, Payload: '{"routeKey":"GET /string"}' }));
      expect(decode(result.Payload), FunctionName).toBe('just a string');
      expect(result.ExecutedVersion, FunctionName).toBe(FunctionName.endsWith(':live') ? '1' : '$LATEST');
    }
    await expect(lambda.send(new InvokeCommand({ FunctionName: '111111111111:function:frontdesk-dev-responses' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-responses:live', Qualifier: '1' }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });

  it('LogType Tail returns LogResult: base64 of the last 4 KB of the execution log', async () => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'frontdesk-dev-responses', LogType: 'Tail', Payload: '{"routeKey":"LOG /lines"}' }),
    );
    const log = Buffer.from(result.LogResult ?? '', 'base64').toString('utf8');
    expect(log).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/);
    expect(log).toContain('a line from the handler');
    expect(log).toContain('an error line from the handler');
    expect(log).toMatch(
      /END RequestId: [0-9a-f-]{36}\nREPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB\tMax Memory Used: \d+ MB\t(Init Duration: [\d.]+ ms\t)?\n$/,
    );
    expect(decode(result.Payload)).toBe('logged');

    const lots = await lambda.send(
      new InvokeCommand({ FunctionName: 'frontdesk-dev-responses', LogType: 'Tail', Payload: '{"routeKey":"LOG /lots"}' }),
    );
    const tail = Buffer.from(lots.LogResult ?? '', 'base64');
    expect(tail.length).toBe(4096);
    expect(tail.toString('utf8')).toContain('line 199');
    expect(tail.toString('utf8')).not.toContain('START RequestId');

    const failed = await lambda.send(
      new InvokeCommand({ FunctionName: 'frontdesk-dev-responses', LogType: 'Tail', Payload: '{"routeKey":"GET /throw"}' }),
    );
    expect(Buffer.from(failed.LogResult ?? '', 'base64').toString('utf8')).toContain('the handler failed on purpose');

    const without = await lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-responses', Payload: '{"routeKey":"LOG /lines"}' }));
    expect(without.LogResult).toBeUndefined();
  });

  it('reports a function error as Lambda does: 200, FunctionError "Unhandled", {errorType, errorMessage, trace}', async () => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'frontdesk-dev-responses', Payload: JSON.stringify({ routeKey: 'GET /throw' }) }),
    );
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBe('Unhandled');
    expect(decode(result.Payload)).toEqual({
      errorType: 'TypeError',
      errorMessage: 'the handler failed on purpose',
      trace: expect.arrayContaining([expect.stringContaining('TypeError: the handler failed on purpose')]),
    });
  });

  it('reports a timeout as a Sandbox.Timedout function error', async () => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'frontdesk-dev-responses', Payload: JSON.stringify({ routeKey: 'GET /slow' }) }),
    );
    expect(result.FunctionError).toBe('Unhandled');
    expect(decode(result.Payload)).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringContaining('Task timed out after 1.00 seconds'),
    });
  });

  it('Invoke (Event) answers 202 at once and runs the function asynchronously', async () => {
    const before = decode(
      (await lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-exits', Payload: '{"routeKey":"GET /count"}' }))).Payload,
    ) as { invocations: number };
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'frontdesk-dev-exits', InvocationType: 'Event', Payload: '{"routeKey":"GET /count"}' }),
    );
    expect(result.StatusCode).toBe(202);
    await expect
      .poll(
        async () =>
          (
            decode(
              (await lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-exits', Payload: '{"routeKey":"GET /count"}' }))).Payload,
            ) as { invocations: number }
          ).invocations,
      )
      .toBeGreaterThanOrEqual(before.invocations + 2);
  });

  it('accepts ARNs and qualifiers, and answers ResourceNotFoundException for unknown functions', async () => {
    const byArn = await lambda.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:frontdesk-dev-responses:live',
        Payload: '{"routeKey":"GET /string"}',
      }),
    );
    expect(decode(byArn.Payload)).toBe('just a string');
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'frontdesk-dev-nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('GetAlias, ListVersionsByFunction and UpdateAlias roll live back to the previous version after a reload', async () => {
    const file = join(fixture.root, 'apps', 'echo', 'src', 'handler.ts');
    writeFileSync(file, `export const handler = async () => ({ version: 'second' });\n// ${readFileSync(file, 'utf8').length}`);
    const FunctionName = 'frontdesk-dev-echo';
    await expect
      .poll(async () => (await lambda.send(new GetAliasCommand({ FunctionName, Name: 'live' }))).FunctionVersion, { timeout: 10_000 })
      .toBe('2');
    expect(await (await fixture.get('/echo/things')).json()).toEqual({ version: 'second' });

    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName }));
    expect(versions.Versions?.map((version) => version.Version)).toEqual(['$LATEST', '1', '2']);
    expect(versions.Versions?.[1]).toMatchObject({
      FunctionName,
      Runtime: 'nodejs22.x',
      Timeout: 10,
      MemorySize: 256,
      CodeSha256: expect.any(String),
    });

    const alias = await lambda.send(new GetAliasCommand({ FunctionName, Name: 'live' }));
    const rolledBack = await lambda.send(
      new UpdateAliasCommand({ FunctionName, Name: 'live', FunctionVersion: '1', RevisionId: alias.RevisionId }),
    );
    expect(rolledBack).toMatchObject({
      Name: 'live',
      FunctionVersion: '1',
      AliasArn: 'arn:aws:lambda:us-east-1:000000000000:function:frontdesk-dev-echo:live',
    });
    // The app's API invokes `live`: the gateway now serves version 1 again.
    expect(await (await fixture.get('/echo/things')).json()).toHaveProperty('event');

    await expect(
      lambda.send(new UpdateAliasCommand({ FunctionName, Name: 'live', FunctionVersion: '2', RevisionId: alias.RevisionId })),
    ).rejects.toMatchObject({ name: 'PreconditionFailedException' });
    await expect(lambda.send(new UpdateAliasCommand({ FunctionName, Name: 'live', FunctionVersion: '9' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(lambda.send(new GetAliasCommand({ FunctionName, Name: 'canary' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
