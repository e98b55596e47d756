import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recordedSynthInputs, synthInputs } from './synth-inputs.ts';

const packageDir = fileURLToPath(new URL('../../..', import.meta.url));
const preload = fileURLToPath(new URL('./preload.ts', import.meta.url));
const launcher = join(packageDir, 'bin/frontdesk-ts.mjs');
const cdkCli = createRequire(import.meta.url).resolve('aws-cdk/bin/cdk');

/** An app with a stack whose template depends on the region, an asset and an output; inside the package so it resolves aws-cdk-lib. */
const APP = `
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Code, Function, Runtime } from 'aws-cdk-lib/aws-lambda';
const app = new App();
const stack = new Stack(app, 'frontdesk-test-synth', { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } });
const fn = new Function(stack, 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset(new URL('./code', import.meta.url).pathname) });
new CfnOutput(stack, 'Region', { value: stack.region });
new CfnOutput(stack, 'Arn', { value: fn.functionArn });
`;

const root = mkdtempSync(join(packageDir, 'node_modules/.frontdesk-synth-test-'));
const home = mkdtempSync(join(tmpdir(), 'frontdesk-synth-home-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** No AWS credentials or config, as on a CI runner's synth step: the CLI then sets no account. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && !key.startsWith('CDK_')));
  return { ...env, HOME: home };
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, env: cleanEnv(), encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
}

/** The app `entry` synthesized as the apps' synth scripts do; its exit status and output, whatever they are. */
function synthesize(entry: string, env: NodeJS.ProcessEnv = cleanEnv()) {
  return spawnSync(process.execPath, [launcher, '--import', preload, entry], { cwd: root, env, encoding: 'utf8' });
}

describe('the synth preload', () => {
  it('writes the cloud assembly cdk synth writes, byte for byte', { timeout: 300_000 }, () => {
    mkdirSync(join(root, 'code'));
    writeFileSync(join(root, 'code/index.mjs'), 'export const handler = async () => ({ statusCode: 200 });\n');
    writeFileSync(join(root, 'app.mjs'), APP);
    writeFileSync(
      join(root, 'cdk.json'),
      JSON.stringify({ app: 'node app.mjs', output: 'direct.out', context: { 'cli-telemetry': false } }),
    );

    run(process.execPath, [cdkCli, 'synth', '--quiet', '--no-notices', '--output', 'cli.out']);
    // As the apps' synth scripts run it: frontdesk-ts --import @frontdesk/gateway-core/cdk/synth bin/app.ts.
    run(process.execPath, [launcher, '--import', preload, 'app.mjs']);

    for (const file of ['manifest.json', 'frontdesk-test-synth.template.json', 'frontdesk-test-synth.assets.json', 'tree.json']) {
      expect(readFileSync(join(root, 'direct.out', file), 'utf8'), file).toBe(readFileSync(join(root, 'cli.out', file), 'utf8'));
    }
    const template = JSON.parse(readFileSync(join(root, 'direct.out/frontdesk-test-synth.template.json'), 'utf8'));
    expect(template.Outputs.Region.Value).toBe('us-east-1');
  });

  it('fails, naming them, when the app needs context lookups only the CLI can make', { timeout: 120_000 }, () => {
    writeFileSync(
      join(root, 'lookup.mjs'),
      `import { App, Stack } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
const app = new App();
const stack = new Stack(app, 'lookup', { env: { account: '123456789012', region: 'eu-west-1' } });
StringParameter.valueFromLookup(stack, '/frontdesk/dev/domain-name');
`,
    );
    const result = synthesize('lookup.mjs');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('needs context lookups (ssm:account=123456789012');
  });

  it('records what it read in the assembly, and only after a synthesis that succeeded', { timeout: 120_000 }, () => {
    run(process.execPath, [launcher, '--import', preload, 'app.mjs']);
    expect(recordedSynthInputs(join(root, 'direct.out'))).toBe(synthInputs(root, cleanEnv()));
    const failed = synthesize('lookup.mjs');
    expect(failed.status).toBe(1);
    expect(recordedSynthInputs(join(root, 'direct.out'))).toBeUndefined();
  });

  it("never passes on an earlier synth's assembly: a synth that builds no App, or whose app reports errors, fails and records nothing", {
    timeout: 120_000,
  }, () => {
    run(process.execPath, [launcher, '--import', preload, 'app.mjs']);
    writeFileSync(join(root, 'no-app.mjs'), 'export const nothing = 1;\n');
    const none = synthesize('no-app.mjs');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('manifest.json was not written');
    expect(recordedSynthInputs(join(root, 'direct.out'))).toBeUndefined();

    writeFileSync(
      join(root, 'annotated.mjs'),
      `import { Annotations, App, Stack } from 'aws-cdk-lib';
const app = new App();
Annotations.of(new Stack(app, 'annotated')).addError('the bucket needs a name');
`,
    );
    const annotated = synthesize('annotated.mjs');
    expect(annotated.status).toBe(1);
    expect(annotated.stderr).toContain('/annotated: the bucket needs a name');
    expect(recordedSynthInputs(join(root, 'direct.out'))).toBeUndefined();
  });

  it('runs the CDK CLI when only it can resolve the account, into the same folder, and records that synthesis too', {
    timeout: 120_000,
  }, () => {
    // A stand-in `cdk` on PATH: the real one would call STS with the configured profile.
    const bin = mkdtempSync(join(tmpdir(), 'frontdesk-fake-cdk-'));
    writeFileSync(
      join(bin, 'cdk'),
      `#!/bin/sh\necho "$@" > "${bin}/args"\nwhile [ "$1" != "--output" ]; do shift; done\nmkdir -p "$2" && echo '{}' > "$2/manifest.json"\n`,
    );
    chmodSync(join(bin, 'cdk'), 0o755);
    const env = { ...cleanEnv(), AWS_PROFILE: 'someone', PATH: `${bin}:${process.env.PATH}` };
    const result = synthesize('app.mjs', env);
    expect(result.stderr).toContain('running cdk synth instead');
    expect(result.status).toBe(0);
    // cdk.json's output, where this synth writes without the CLI: the CLI would otherwise pick its own.
    expect(readFileSync(join(bin, 'args'), 'utf8').trim()).toBe(`synth --quiet --no-notices --output ${join(root, 'direct.out')}`);
    expect(existsSync(join(root, 'direct.out/manifest.json'))).toBe(true);
    expect(recordedSynthInputs(join(root, 'direct.out'))).toBe(synthInputs(root, env));
    rmSync(bin, { recursive: true, force: true });
  });
});
