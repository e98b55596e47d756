import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './repo.ts';

/**
 * `pnpm create-app billing --owner team-billing` (or `billing-<n>` when the checkout already has
 * an app of that name, e.g. right after a developer created one) in a copy of the repository (the files git
 * tracks or would track, no node_modules), installed from the local pnpm store, then the new
 * app's own bundle, tests and synth, exactly as a developer would run them. In the same copy,
 * `pnpm create-app pets --from-openapi` with the CLI's petstore fixture, and that app's pipeline.
 */
let root = '';
/** `base`, or `base-<n>` when the checkout already has an app of that name. */
const freeName = (base: string) =>
  [base, ...Array.from({ length: 20 }, (_, index) => `${base}-${index + 2}`)].find(
    (candidate) => !existsSync(join(repoRoot, 'apps', candidate)),
  )!;
const name = freeName('billing');
const pkg = `@apps/${name}`;
const pets = freeName('pets');
const env: NodeJS.ProcessEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', npm_config_prefer_offline: 'true', NO_COLOR: '1' };
/** Runs pnpm in the copy; a non-zero exit fails the test with pnpm's output. */
const pnpm = (...args: string[]) =>
  execFileSync('pnpm', args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'frontdesk-create-app-e2e-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && existsSync(join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(root, file));
  }
  pnpm('install', '--frozen-lockfile');
  pnpm('create-app', name, '--owner', 'team-billing');
  pnpm('create-app', pets, '--owner', 'team-pets', '--from-openapi', 'packages/cli/test/fixtures/openapi/petstore.yaml');
}, 600_000);

// The copy's node_modules is a symlink (or pnpm links); rmSync removes links, never their targets. Removing a
// whole installed, built and synthesized copy takes more than the 10 s default hook time on a busy machine.
afterAll(() => rmSync(root, { recursive: true, force: true }), 120_000);
describe(`pnpm create-app ${name} --owner team-billing`, () => {
  it('links the new workspace and records it in the lockfile, so a frozen install passes', { timeout: 300_000 }, () => {
    expect(readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8')).toContain(`\n  apps/${name}:\n`);
    expect(existsSync(join(root, `apps/${name}/node_modules/@frontdesk/gateway-core`))).toBe(true);
    pnpm('install', '--frozen-lockfile', '--offline');
  });

  it('is a turbo workspace with no registration anywhere else', { timeout: 300_000 }, () => {
    const listed = pnpm('turbo', 'ls', `--filter=${pkg}`, '--output=json');
    expect(JSON.parse(listed.slice(listed.indexOf('{')))).toMatchObject({ packages: { items: [{ name: pkg, path: `apps/${name}` }] } });
  });

  it('regenerated the route docs and CODEOWNERS, so their staleness check passes', { timeout: 300_000 }, () => {
    expect(readFileSync(join(root, '.github/CODEOWNERS'), 'utf8')).toMatch(new RegExp(`^/apps/${name}/\\s+@team-billing$`, 'm'));
    expect(readFileSync(join(root, 'docs/routes.md'), 'utf8')).toContain(`/${name}/hello`);
    pnpm('routes', '--check');
  });

  it('bundles its handler and passes its own tests', { timeout: 300_000 }, () => {
    pnpm('--filter', pkg, 'bundle');
    expect(existsSync(join(root, `apps/${name}/dist/handler.mjs`))).toBe(true);
    expect(pnpm('--filter', pkg, 'test').replace(/\u001b\[[\d;]*m/g, '')).toMatch(/Tests\s+\d+ passed/);
  });

  it('synthesizes its stack, mapped under its base path', { timeout: 300_000 }, () => {
    pnpm('--filter', pkg, 'synth');
    const template = readFileSync(join(root, `apps/${name}/cdk.out/frontdesk-dev-app-${name}.template.json`), 'utf8');
    expect(JSON.parse(template).Resources).toSatisfy((resources: Record<string, { Type: string; Properties: Record<string, unknown> }>) =>
      Object.values(resources).some(
        (resource) => resource.Type === 'AWS::ApiGatewayV2::ApiMapping' && resource.Properties.ApiMappingKey === name,
      ),
    );
  });
});

describe(`pnpm create-app ${pets} --from-openapi petstore.yaml`, () => {
  it('passes its own tests after its synth, the stack test reading the template synth wrote', { timeout: 300_000 }, () => {
    expect(existsSync(join(root, `apps/${pets}/cdk.out`))).toBe(false);
    expect(readFileSync(join(root, `apps/${pets}/test/stack.test.ts`), 'utf8')).toContain('synthesizedStack(');
    // As the pipeline runs it: turbo runs the app's synth first (its turbo.json), then its tests.
    const output = pnpm('turbo', 'run', 'test', `--filter=@apps/${pets}`).replace(/\u001b\[[\d;]*m/g, '');
    expect(output).toContain(`@apps/${pets}:synth`);
    expect(output).toMatch(/test\/stack\.test\.ts \(3 tests\)/);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(existsSync(join(root, `apps/${pets}/cdk.out/frontdesk-synth-inputs.json`))).toBe(true);
    const template = JSON.parse(readFileSync(join(root, `apps/${pets}/cdk.out/frontdesk-dev-app-${pets}.template.json`), 'utf8'));
    const routes = Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (resource) => resource.Type === 'AWS::ApiGatewayV2::Route',
    );
    expect(routes).toHaveLength(6);
  });
});
