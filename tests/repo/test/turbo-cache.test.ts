import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { initRepo, writeFiles } from '@frontdesk/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageGraphCopy } from './package-graph.ts';
import { repoRoot } from './repo.ts';

/**
 * A no-op re-run is a full cache hit only if nothing a task writes (bundles, cdk.out, outputs
 * files, logs) feeds a task's hash, and only what changes a result (sources, STAGE) does. This
 * checks turbo.json's inputs/outputs/env through task hashes (`turbo run --dry=json`) on a
 * committed copy of the package graph, without running the tasks themselves.
 */
const turbo = join(repoRoot, 'node_modules/.bin/turbo');
const baseEnv: NodeJS.ProcessEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', STAGE: 'dev' };
delete baseEnv.AWS_ACCESS_KEY_ID;
const TASKS = ['bundle', 'typecheck', 'test', 'synth'];
let root = '';

const write = (files: Record<string, string>): void => writeFiles(root, files);

/** `<package>#<task>` → hash for every task of @apps/users. */
function hashes(env: NodeJS.ProcessEnv = baseEnv): Record<string, string> {
  const output = execFileSync(turbo, ['run', ...TASKS, '--filter=@apps/users', '--dry=json'], { cwd: root, env, encoding: 'utf8' });
  const dry = JSON.parse(output.slice(output.indexOf('{'))) as { tasks: { taskId: string; hash: string }[] };
  return Object.fromEntries(
    dry.tasks.filter((task) => task.taskId.startsWith('@apps/users#')).map((task) => [task.taskId.split('#')[1], task.hash]),
  );
}

beforeAll(() => {
  root = packageGraphCopy('turbo-cache', ['.gitignore']);
  write({
    'apps/users/src/handler.ts': 'export {};\n',
    'apps/users/test/handler.test.ts': 'export {};\n',
    'apps/users/README.md': '# users\n',
  });
  initRepo(root);
}, 120_000);

// The copy's node_modules is a symlink (or pnpm links); rmSync removes links, never their targets.
afterAll(() => rmSync(root, { recursive: true, force: true }));
describe('turbo task hashes', () => {
  it('ignore everything the tasks write: bundles, cdk.out, outputs files, logs, tool caches', { timeout: 60_000 }, () => {
    const before = hashes();
    expect(Object.keys(before).sort()).toEqual([...TASKS].sort());
    write({
      'apps/users/dist/handler.mjs': 'bundle',
      'apps/users/cdk.out/manifest.json': '{}',
      'apps/users/cdk-outputs.json': '{}',
      'apps/users/.turbo/turbo-build.log': 'log',
      'apps/users/coverage/index.html': 'coverage',
    });
    expect(hashes()).toEqual(before);
  });

  it('ignore an app README; a test file changes only typecheck and test', { timeout: 60_000 }, () => {
    const before = hashes();
    write({ 'apps/users/README.md': '# users\n\nMore words.\n' });
    expect(hashes()).toEqual(before);
    write({ 'apps/users/test/handler.test.ts': 'export const changed = 1;\n' });
    const after = hashes();
    expect(after.bundle).toBe(before.bundle);
    expect(after.synth).toBe(before.synth);
    expect(after.test).not.toBe(before.test);
    expect(after.typecheck).not.toBe(before.typecheck);
  });

  it('change every task with the source and with STAGE, never with AWS credentials', { timeout: 60_000 }, () => {
    const before = hashes();
    expect(hashes({ ...baseEnv, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_REGION: 'eu-west-1' })).toEqual(before);
    expect(hashes({ ...baseEnv, STAGE: 'prod' }).synth).not.toBe(before.synth);
    // An app's test reads the template its synth wrote (apps/<app>/turbo.json), so what changes synth changes test.
    const synthOnly = hashes({ ...baseEnv, FRONTDESK_DOMAIN_NAME: 'api.example.com' });
    expect(synthOnly.synth).not.toBe(before.synth);
    expect(synthOnly.test).not.toBe(before.test);
    expect(synthOnly.typecheck).toBe(before.typecheck);
    write({ 'apps/users/src/handler.ts': 'export const changed = 1;\n' });
    const after = hashes();
    for (const task of TASKS) expect(after[task], task).not.toBe(before[task]);
  });
});
