import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempWorkspace, writeFiles } from '@frontdesk/test-support';
import { describe, expect, it } from 'vitest';
import { synthesizedStack } from './synthesized-stack.ts';

/**
 * A stand-in app whose `synth` script writes a cloud assembly as CDK lays it out (manifest.json
 * naming the stack's template file) for STAGE, into CDK_OUTDIR or cdk.out, and logs each run.
 */
const SYNTH = `
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
if (process.env.FIXTURE_SYNTH_FAILS) { console.error('the stack does not build'); process.exit(1); }
const stage = process.env.STAGE || 'dev';
const stack = process.env.FIXTURE_STACK ?? \`frontdesk-\${stage}-app-fixture\`;
const out = process.env.CDK_OUTDIR || 'cdk.out';
mkdirSync(out, { recursive: true });
appendFileSync('synth-runs.log', stage + '\\n');
writeFileSync(join(out, stack + '.template.json'), JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'fresh-' + stage } } } }));
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ artifacts: { [stack]: { type: 'aws:cloudformation:stack', properties: { templateFile: stack + '.template.json' } } } }));
`;

const PACKAGE = '@apps/fixture';

function fixtureApp(): string {
  return tempWorkspace('synthesized-stack', {
    'package.json': { name: PACKAGE, private: true, type: 'module', scripts: { synth: 'node synth.mjs' } },
    'synth.mjs': SYNTH,
  });
}

/** What an earlier synth left in cdk.out: the same stack, other content. */
function earlierAssembly(dir: string, stage = 'dev'): void {
  const stack = `frontdesk-${stage}-app-fixture`;
  writeFiles(dir, {
    [`cdk.out/${stack}.template.json`]: { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'earlier' } } } },
    'cdk.out/manifest.json': {
      artifacts: { [stack]: { type: 'aws:cloudformation:stack', properties: { templateFile: `${stack}.template.json` } } },
    },
  });
}

/** This process's environment without what turbo and pnpm set for the task running these tests. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(TURBO_HASH|npm_lifecycle_event|npm_package_name|STAGE|CDK_OUTDIR)$/.test(name)),
  );
  return { ...base, ...extra };
}
const underTurbo = { TURBO_HASH: '0123456789abcdef', npm_lifecycle_event: 'test', npm_package_name: PACKAGE };

const functionName = (dir: string, environment: NodeJS.ProcessEnv) =>
  synthesizedStack(dir, 'fixture', environment).template.findResources('AWS::Lambda::Function').Fn?.Properties.FunctionName;
const synthRuns = (dir: string) => (existsSync(join(dir, 'synth-runs.log')) ? readFileSync(join(dir, 'synth-runs.log'), 'utf8') : '');

describe('synthesizedStack: the template synth wrote, for a stack test', { timeout: 60_000 }, () => {
  it("runs the app's synth first when turbo did not start this test, so an earlier cdk.out is never read", () => {
    const dir = fixtureApp();
    earlierAssembly(dir);
    expect(functionName(dir, env())).toBe('fresh-dev');
    expect(synthRuns(dir)).toBe('dev\n');
  });

  it("reads cdk.out without synthesizing when turbo runs this package's test (after its synth)", () => {
    const dir = fixtureApp();
    earlierAssembly(dir);
    const stack = synthesizedStack(dir, 'fixture', env(underTurbo));
    expect(stack).toMatchObject({ stage: { name: 'dev' }, stackName: 'frontdesk-dev-app-fixture' });
    expect(stack.template.findResources('AWS::Lambda::Function').Fn?.Properties.FunctionName).toBe('earlier');
    expect(synthRuns(dir)).toBe('');
  });

  it('synthesizes under turbo when cdk.out lacks the stack (turbo --only) or the task is another package’s', () => {
    const missing = fixtureApp();
    expect(functionName(missing, env(underTurbo))).toBe('fresh-dev');
    const otherStage = fixtureApp();
    earlierAssembly(otherStage, 'prod');
    expect(functionName(otherStage, env(underTurbo))).toBe('fresh-dev');
    // A process started inside another package's turbo task inherits TURBO_HASH.
    const inherited = fixtureApp();
    earlierAssembly(inherited);
    expect(functionName(inherited, env({ ...underTurbo, npm_package_name: '@frontdesk/repo-tests' }))).toBe('fresh-dev');
    expect(functionName(inherited, env({ ...underTurbo, npm_lifecycle_event: 'synth' }))).toBe('fresh-dev');
  });

  it('follows STAGE and CDK_OUTDIR as the synth does', () => {
    const dir = fixtureApp();
    const stack = synthesizedStack(dir, 'fixture', env({ STAGE: 'pr-7', CDK_OUTDIR: join(dir, 'elsewhere') }));
    expect(stack).toMatchObject({ stage: { name: 'pr-7', kind: 'preview' }, stackName: 'frontdesk-pr-7-app-fixture' });
    expect(existsSync(join(dir, 'elsewhere/manifest.json'))).toBe(true);
    expect(() => synthesizedStack(dir, 'fixture', env({ STAGE: 'staging' }))).toThrow(/STAGE="staging" is not a stage/);
  });

  it("fails with the synth's own output, or when the assembly lacks the app's stack", () => {
    const failing = fixtureApp();
    expect(() => synthesizedStack(failing, 'fixture', env({ FIXTURE_SYNTH_FAILS: '1' }))).toThrow(
      /pnpm run synth in .* failed \(exit 1\):\n.*the stack does not build/s,
    );
    // A folder that is no package (say, a template overlay) cannot have been turbo's test task.
    expect(() => synthesizedStack(tempWorkspace('synthesized-stack', {}), 'fixture', env(underTurbo))).toThrow(
      /pnpm run synth in .* failed/,
    );
    const misnamed = fixtureApp();
    expect(() => synthesizedStack(misnamed, 'fixture', env({ FIXTURE_STACK: 'frontdesk-dev-app-other' }))).toThrow(
      /manifest\.json lists no stack frontdesk-dev-app-fixture after the app's synth/,
    );
  });
});
