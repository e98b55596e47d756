import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers/fixture-workspace.ts';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture(['shop', 'broken-import', 'exits', 'loops', 'leaks', 'slow-init']);
});
afterAll(() => fixture.stop());

const healthy = async () => expect((await fixture.get('/shop/list')).status).toBe(200);

describe('isolation: each app runs in its own worker, apart from the gateway and other apps', () => {
  it('answers 500 for an app that throws at import, while other apps keep answering', async () => {
    const response = await fixture.get('/broken-import/');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(fixture.events).toContainEqual(
      expect.objectContaining({ app: 'broken-import', message: expect.stringContaining('this module fails while loading') }),
    );
    await healthy();
  });

  it('answers 500 when an app calls process.exit, and restarts it on the next request', async () => {
    expect((await fixture.get('/exits/count')).status).toBe(200);
    expect(await (await fixture.get('/exits/count')).json()).toEqual({ invocations: 2 });
    expect((await fixture.get('/exits/exit')).status).toBe(500);
    await healthy();
    expect(await (await fixture.get('/exits/count')).json()).toEqual({ invocations: 1 }); // a fresh environment
  });

  it('answers 503 for an app stuck in an infinite loop once its timeout passes; others answer meanwhile', async () => {
    const stuck = fixture.get('/loops/forever');
    await healthy();
    const response = await stuck;
    expect(response.status).toBe(503);
    expect(await (await fixture.get('/loops/ok')).text()).toBe('ok');
  });

  it('keeps what a handler wrote before it looped: its worker is ended, its lines are still read', async () => {
    const response = await fixture.get('/loops/log-then-forever');
    expect(response.status).toBe(503);
    const requestId = response.headers.get('apigw-requestid');
    await expect
      .poll(() => fixture.logs.map((line) => JSON.parse(line) as { app?: string; message?: string }))
      .toContainEqual({ app: 'loops', message: `about to loop (${requestId})` });
  });

  it('does not count the init phase against the function timeout (Lambda limits init separately, to 10 s)', async () => {
    const response = await fixture.get('/slow-init/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('initialized');
  });

  it('answers 500 for an app that exhausts its memory (heap limited to memoryMb), and restarts it', async () => {
    const response = await fixture.get('/leaks/leak');
    expect(response.status).toBe(500);
    expect(fixture.events).toContainEqual(
      expect.objectContaining({ app: 'leaks', message: expect.stringContaining('Runtime.OutOfMemory') }),
    );
    await healthy();
  });
});
