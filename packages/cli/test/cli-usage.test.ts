import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempWorkspace } from '@frontdesk/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOwner } from '../src/create-app/owner.ts';

const binDir = fileURLToPath(new URL('../bin', import.meta.url));
const scratch = tempWorkspace('usage', { 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' });
mkdirSync(join(scratch, 'apps'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The command's bin entry as a process without a terminal (stdin is not a TTY), in a scratch workspace. */
const run = (command: string, args: string[]) =>
  spawnSync(process.execPath, [join(binDir, `frontdesk-${command}.js`), ...args], {
    cwd: scratch,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });

describe('--help', { timeout: 60_000 }, () => {
  it('pnpm create-app --help prints the usage and every option on stdout and exits 0', () => {
    const result = run('create-app', ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: pnpm create-app <name> \[--owner <team>\]/);
    for (const option of ['--owner', '--base-path', '--from-openapi', '--no-install']) expect(result.stdout).toContain(`  ${option}`);
    expect(existsSync(join(scratch, 'apps', '--help'))).toBe(false);
  });

  it('pnpm routes --help prints the usage on stdout and exits 0 without writing anything', () => {
    const result = run('routes', ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: pnpm routes \[--check\]/);
    expect(result.stdout).toContain('--check');
    expect(existsSync(join(scratch, 'docs'))).toBe(false);
  });
});

describe('create-app without --owner', { timeout: 60_000 }, () => {
  it('fails with a message naming --owner when nobody can be asked, writing nothing', () => {
    const result = run('create-app', ['billing', '--no-install']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('create-app needs --owner: the team or user that answers for apps/billing');
    expect(existsSync(join(scratch, 'apps', 'billing'))).toBe(false);
  });

  it('asks in a terminal and uses the answer; an empty answer is refused', async () => {
    const asked: string[] = [];
    const terminal = (answer: string) => ({
      interactive: true,
      ask: async (question: string) => {
        asked.push(question);
        return answer;
      },
    });
    await expect(resolveOwner('billing', undefined, terminal(' @acme/billing '))).resolves.toBe('@acme/billing');
    expect(asked).toEqual(['Owner of apps/billing (team or user handle, e.g. team-billing or @acme/billing): ']);
    await expect(resolveOwner('billing', undefined, terminal(''))).rejects.toMatchObject({
      code: 'ERR_USAGE',
      message: expect.stringContaining('no owner was given'),
    });
    await expect(
      resolveOwner('billing', 'team-billing', { interactive: false, ask: () => Promise.reject(new Error('not asked')) }),
    ).resolves.toBe('team-billing');
  });
});
