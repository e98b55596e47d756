import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleWorkspace } from './helpers/example-workspace.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = `${packageDir}node_modules/.bin/tsx`;
const cli = (name: string) => `${packageDir}src/cli/${name}.ts`;
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('FRONTDESK_') && !name.startsWith('AWS_')),
);

let root: string;
beforeAll(() => {
  root = exampleWorkspace(['orders']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `pnpm dev` as its own process, the real authorizer and dev IdP in front of orders; ends on SIGINT. */
async function withDev(env: Record<string, string>, use: (gateway: string, token: string) => Promise<void>): Promise<void> {
  // node bin/dev.mjs, as the root `pnpm dev` script runs it (the dev server's build, its local
  // DynamoDB chunk loaded on first use): one node process, which ends cleanly on SIGINT.
  const dev = spawn(process.execPath, [`${packageDir}bin/dev.mjs`], {
    cwd: root,
    env: { ...baseEnv, FRONTDESK_PORT: '0', FRONTDESK_LAMBDA_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => dev.on('exit', (code) => resolve(code)));
  try {
    await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain('ready in');
    expect(output).toContain('local DynamoDB (dynalite) on http://127.0.0.1:');
    const gateway = /gateway\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
    const token = spawnSync(tsx, [cli('token'), '--sub', 'alice', '--scope', 'orders:read orders:write'], {
      cwd: root,
      encoding: 'utf8',
      env: baseEnv,
    }).stdout.trim();
    await use(gateway, token);
  } finally {
    dev.kill('SIGINT');
  }
  expect(await exited).toBe(0);
}

describe('pnpm dev as a real process keeps orders in the local DynamoDB across restarts', () => {
  it('POST, restart, GET finds it; FRONTDESK_RESET_DATA=1 empties it', async () => {
    let id = '';
    await withDev({}, async (gateway, token) => {
      const placed = await fetch(`${gateway}/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ item: 'pen', quantity: 3 }),
      });
      expect(placed.status).toBe(201);
      id = ((await placed.json()) as { id: string }).id;
    });
    await withDev({}, async (gateway, token) => {
      const read = await fetch(`${gateway}/orders/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id, owner: 'alice', item: 'pen', quantity: 3 });
    });
    await withDev({ FRONTDESK_RESET_DATA: '1' }, async (gateway, token) => {
      expect((await fetch(`${gateway}/orders/${id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    });
  }, 180_000); // three real pnpm dev processes on a shared machine
});
