import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_DEFAULT_CONTEXT, synthPlan } from './cli-environment.ts';

function appDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-synth-plan-'));
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value));
  return dir;
}
const emptyHome = () => mkdtempSync(join(tmpdir(), 'frontdesk-home-'));

describe('synthPlan: the environment cdk synth gives an app', () => {
  it('merges cdk.json context, cdk.context.json and the CLI defaults, and writes to cdk.json output', () => {
    const dir = appDir({
      'cdk.json': { app: 'tsx bin/app.ts', output: 'out', context: { 'cli-telemetry': false } },
      'cdk.context.json': { lookup: 'x' },
    });
    const plan = synthPlan(dir, {}, emptyHome());
    expect(plan).toEqual({
      direct: true,
      env: { CDK_OUTDIR: join(dir, 'out'), CDK_DEFAULT_REGION: 'us-east-1', CDK_CONTEXT_JSON: expect.any(String) },
    });
    if (plan.direct)
      expect(JSON.parse(plan.env.CDK_CONTEXT_JSON!)).toEqual({ 'cli-telemetry': false, lookup: 'x', ...CLI_DEFAULT_CONTEXT });
  });

  it('takes the region from AWS_REGION and passes an explicit account on', () => {
    const plan = synthPlan(
      appDir({ 'cdk.json': {} }),
      { AWS_REGION: 'eu-west-1', CDK_DEFAULT_ACCOUNT: '123456789012', AWS_PROFILE: 'ci' },
      emptyHome(),
    );
    expect(plan).toMatchObject({ direct: true, env: { CDK_DEFAULT_REGION: 'eu-west-1', CDK_DEFAULT_ACCOUNT: '123456789012' } });
  });

  it('leaves credentials to the CDK CLI, which resolves the account from them', () => {
    const dir = appDir({ 'cdk.json': {} });
    expect(synthPlan(dir, { AWS_ACCESS_KEY_ID: 'AKIA', AWS_REGION: 'eu-west-1' }, emptyHome())).toMatchObject({ direct: false });
    expect(synthPlan(dir, { AWS_PROFILE: 'dev' }, emptyHome())).toMatchObject({
      direct: false,
      reason: expect.stringContaining('AWS_PROFILE'),
    });
    const home = emptyHome();
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws/config'), '[default]\nregion = eu-central-1\n');
    expect(synthPlan(dir, {}, home)).toMatchObject({ direct: false, reason: expect.stringContaining('.aws/config') });
  });
});
