import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempWorkspace, writeFiles } from '@frontdesk/test-support';
import { describe, expect, it } from 'vitest';
import { synthesizedStack } from './synthesized-stack.ts';

/**
 * A stand-in app whose `synth` script writes a cloud assembly as CDK lays it out (manifest.json
 * naming the stack's template file) for STAGE, into CDK_OUTDIR or cdk.out, and logs each run. It
 * runs under the real synth preload, as the apps' synth scripts do, which records its inputs.
 */
const SYNTH = `
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
if (process.env.FIXTURE_SYNTH_FAILS) { console.error('the stack does not build'); process.exit(1); }
const stage = process.env.STAGE || 'dev';
const stack = process.env.FIXTURE_STACK ?? \`frontdesk-\${stage}-app-fixture\`;
const out = process.env.CDK_OUTDIR || 'cdk.out';
mkdirSync(out, { recursive: true });
appendFileSync('../../synth-runs.log', stage + '\\n'); // outside the app: not an input
writeFileSync(join(out, stack + '.template.json'), JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'fresh-' + stage } } } }));
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ artifacts: { [stack]: { type: 'aws:cloudformation:stack', properties: { templateFile: stack + '.template.json' } } } }));
`;

const launcher = fileURLToPath(new URL('../../../bin/frontdesk-ts.mjs', import.meta.url));
const preload = fileURLToPath(new URL('../synth/preload.ts', import.meta.url));
const SYNTH_SCRIPT = `node ${JSON.stringify(launcher)} --import ${JSON.stringify(preload)} synth.mjs`;

/** The app, in a workspace beside a library it depends on (`workspace:*`, linked as pnpm links it). */
function fixtureApp(synth = SYNTH_SCRIPT): string {
  const root = tempWorkspace('synthesized-stack', {
    'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n',
    'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
    'packages/lib/package.json': { name: '@fixture/lib', private: true },
    'packages/lib/index.ts': 'export const x = 1;\n',
    'apps/fixture/package.json': {
      name: '@apps/fixture',
      private: true,
      type: 'module',
      scripts: { synth },
      dependencies: { '@fixture/lib': 'workspace:*' },
    },
    'apps/fixture/synth.mjs': SYNTH,
    'apps/fixture/src/handler.ts': 'export const handler = 1;\n',
  });
  mkdirSync(join(root, 'apps/fixture/node_modules/@fixture'), { recursive: true });
  symlinkSync(join(root, 'packages/lib'), join(root, 'apps/fixture/node_modules/@fixture/lib'));
  return join(root, 'apps/fixture');
}

/** What an earlier synth left in cdk.out, with no record of its inputs: the same stack, other content. */
function earlierAssembly(dir: string, stage = 'dev'): void {
  const stack = `frontdesk-${stage}-app-fixture`;
  writeFiles(dir, {
    [`cdk.out/${stack}.template.json`]: { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'earlier' } } } },
    'cdk.out/manifest.json': {
      artifacts: { [stack]: { type: 'aws:cloudformation:stack', properties: { templateFile: `${stack}.template.json` } } },
    },
  });
}

/** This process's environment without what would steer the synth (no AWS configuration: the synth stays in-process). */
const home = tempWorkspace('synthesized-stack-home');
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(TURBO_HASH|STAGE|CDK_\w+|AWS_\w+|FRONTDESK_\w+)$/.test(name)),
  );
  return { ...base, HOME: home, ...extra };
}

const functionName = (dir: string, environment: NodeJS.ProcessEnv = env()) =>
  synthesizedStack(dir, 'fixture', environment).template.findResources('AWS::Lambda::Function').Fn?.Properties.FunctionName;
const synthRuns = (dir: string) => {
  const log = join(dir, '../../synth-runs.log');
  return existsSync(log) ? readFileSync(log, 'utf8') : '';
};

describe('synthesizedStack: the template synth wrote, for a stack test', { timeout: 120_000 }, () => {
  it('synthesizes when cdk.out holds no record of its inputs, then reads it while nothing changed, whoever runs the test', () => {
    const dir = fixtureApp();
    earlierAssembly(dir);
    expect(functionName(dir)).toBe('fresh-dev');
    expect(functionName(dir)).toBe('fresh-dev');
    // A test started by turbo, or nested in another turbo task, is no different: the content decides.
    expect(functionName(dir, env({ TURBO_HASH: '0123456789abcdef' }))).toBe('fresh-dev');
    expect(synthRuns(dir)).toBe('dev\n');
  });

  it("synthesizes again after a change to the app's files, a workspace dependency's, or a variable the synth reads; not after a test or README edit", () => {
    const dir = fixtureApp();
    functionName(dir);
    writeFiles(dir, { 'test/stack.test.ts': '// edited', 'README.md': 'edited', 'src/handler.test.ts': '// edited' });
    functionName(dir);
    expect(synthRuns(dir)).toBe('dev\n');
    writeFiles(dir, { 'src/handler.ts': 'export const handler = 2;\n' });
    // As turbo would start this package's test (or pnpm test nested in another turbo task): still a synth.
    functionName(dir, env({ TURBO_HASH: '0123456789abcdef', npm_lifecycle_event: 'test', npm_package_name: '@apps/fixture' }));
    writeFiles(join(dir, '../../packages/lib'), { 'index.ts': 'export const x = 2;\n' });
    functionName(dir);
    writeFiles(join(dir, '../..'), { 'pnpm-lock.yaml': 'lockfileVersion: 9.0\n# changed\n' });
    functionName(dir);
    functionName(dir, env({ FRONTDESK_TOKEN_CACHE_SIZE: '10' }));
    // A file linked into the app from elsewhere counts as its target's content.
    writeFiles(join(dir, '../..'), { 'shared/marker.ts': 'export const marker = 1;\n' });
    symlinkSync(join(dir, '../../shared/marker.ts'), join(dir, 'src/marker.ts'));
    functionName(dir);
    writeFiles(join(dir, '../..'), { 'shared/marker.ts': 'export const marker = 2;\n' });
    functionName(dir);
    // The AWS configuration the CDK CLI would resolve the account and region from.
    writeFiles(home, { '.aws/config': '[default]\nregion = eu-west-1\n' });
    functionName(dir, env({ CDK_DEFAULT_ACCOUNT: '111111111111', CDK_DEFAULT_REGION: 'eu-west-1' }));
    writeFiles(home, { '.aws/config': '[default]\nregion = ap-southeast-2\n' });
    functionName(dir, env({ CDK_DEFAULT_ACCOUNT: '111111111111', CDK_DEFAULT_REGION: 'eu-west-1' }));
    rmSync(join(home, '.aws'), { recursive: true, force: true });
    expect(synthRuns(dir)).toBe('dev\n'.repeat(9));
    expect(functionName(dir, env({ STAGE: 'prod' }))).toBe('fresh-prod');
    expect(functionName(dir)).toBe('fresh-dev');
    expect(synthRuns(dir)).toBe('dev\n'.repeat(9) + 'prod\ndev\n');
  });

  it('follows STAGE and CDK_OUTDIR (relative to the app, as the synth takes it) as the synth does', () => {
    const dir = fixtureApp();
    const stack = synthesizedStack(dir, 'fixture', env({ STAGE: 'pr-7', CDK_OUTDIR: join(dir, 'elsewhere') }));
    expect(stack).toMatchObject({ stage: { name: 'pr-7', kind: 'preview' }, stackName: 'frontdesk-pr-7-app-fixture' });
    expect(existsSync(join(dir, 'elsewhere/manifest.json'))).toBe(true);
    expect(synthesizedStack(dir, 'fixture', env({ CDK_OUTDIR: 'relative.out' })).stackName).toBe('frontdesk-dev-app-fixture');
    expect(existsSync(join(dir, 'relative.out/manifest.json'))).toBe(true);
    expect(synthesizedStack(dir, 'fixture', env({ CDK_OUTDIR: 'relative.out' })).stackName).toBe('frontdesk-dev-app-fixture');
    expect(synthRuns(dir)).toBe('pr-7\ndev\n');
    expect(() => synthesizedStack(dir, 'fixture', env({ STAGE: 'staging' }))).toThrow(/STAGE="staging" is not a stage/);
  });

  it("fails with the synth's own output, when the synth records nothing, or when the assembly lacks the app's stack", () => {
    const failing = fixtureApp();
    expect(() => synthesizedStack(failing, 'fixture', env({ FIXTURE_SYNTH_FAILS: '1' }))).toThrow(
      /pnpm run synth in .* failed \(exit 1\):\n.*the stack does not build/s,
    );
    // A folder that is no package (say, a template overlay) has no synth to run.
    expect(() => synthesizedStack(tempWorkspace('synthesized-stack', {}), 'fixture', env())).toThrow(/pnpm run synth in .* failed/);
    // A synth that is not the preload's (or writes elsewhere) leaves no record: never read its folder as current.
    const unrecorded = fixtureApp('node synth.mjs');
    expect(() => synthesizedStack(unrecorded, 'fixture', env())).toThrow(/left no record of this synthesis/);
    const misnamed = fixtureApp();
    expect(() => synthesizedStack(misnamed, 'fixture', env({ FIXTURE_STACK: 'frontdesk-dev-app-other' }))).toThrow(
      /manifest\.json lists no stack frontdesk-dev-app-fixture after the app's synth/,
    );
  });
});
