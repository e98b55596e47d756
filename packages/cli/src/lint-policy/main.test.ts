import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ORDERS, testWorkspace } from './test-workspace.ts';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Runs the real command in `cwd` and returns its exit code and output. */
async function lintPolicy(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [main, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each case starts the real command (tsx + TypeScript transpile): generous, since CI machines are shared.
describe('lint-policy command', { timeout: 120_000 }, () => {
  const owned = { '.github/CODEOWNERS': '/apps/orders/ @team-orders\n' };

  it('exits 0 on a clean workspace and says so', async () => {
    const result = await lintPolicy(testWorkspace({ orders: ORDERS }, owned), '--manifests-only');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('policy: 0 error(s)') });
  });

  it('exits 1 on an error-level finding, naming the rule, app and fix', async () => {
    const result = await lintPolicy(testWorkspace({ orders: ORDERS }), '--manifests-only');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('error FD-APP-001 orders  owner (apps/orders/app.config.ts:2)');
    expect(result.stdout).toContain('fix: Run `pnpm routes`');
  });

  it('writes SARIF to --output, and still exits 1 so CI fails after uploading it', async () => {
    const root = testWorkspace({ orders: ORDERS });
    const result = await lintPolicy(root, '--manifests-only', '--format', 'sarif', '--output', 'out/policy.sarif');
    expect(result.code).toBe(1);
    const { readFileSync } = await import('node:fs');
    const log = JSON.parse(readFileSync(`${root}/out/policy.sarif`, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((entry: { ruleId: string }) => entry.ruleId)).toEqual(['FD-APP-001']);
    expect(result.stderr).toContain('policy: 1 error(s)');
  });

  it('exits 2 on misuse, saying what is allowed', async () => {
    const bad = await lintPolicy(testWorkspace({ orders: ORDERS }, owned), '--format', 'xml');
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of text, json, sarif (got "xml")') });
    const unknown = await lintPolicy(testWorkspace({ orders: ORDERS }, owned), '--wat');
    expect(unknown.code).toBe(2);
    const nowhere = await lintPolicy(testWorkspace({ orders: ORDERS }, owned), '--workspace', 'apps/nope', '--manifests-only');
    expect(nowhere).toMatchObject({ code: 2, stderr: expect.stringContaining('apps/nope is neither infra/ nor an app folder') });
  });
});
