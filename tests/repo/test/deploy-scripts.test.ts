import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveStage } from '@frontdesk/gateway-core';
import { appStackName, gatewayStackName } from '@frontdesk/gateway-core/cdk';
import { loadWorkspace } from '@frontdesk/gateway-core/workspace';
import { describe, expect, it } from 'vitest';
import { readJson, readYaml, repoRoot } from './repo.ts';

/**
 * The deploy scripts, the preview comment and the preview teardown must agree on stack names
 * and on the outputs file: CI deploys with `turbo run deploy`, reads `cdk-outputs.json`, and
 * deletes previews by name.
 */
const STAGE_IN_SCRIPT = '${STAGE:-dev}';
const stage = resolveStage('pr-4242');
const asScript = (stackName: string) => stackName.replace('pr-4242', STAGE_IN_SCRIPT);
const scriptsOf = (dir: string) => readJson<{ scripts: Record<string, string> }>(`${dir}/package.json`).scripts;

/** `extra` holds flags only that workspace's deploy adds (infra refuses placeholder settings on every deploy). */
function expectDeployScripts(dir: string, stackName: string, extra = ''): void {
  const { deploy, destroy } = scriptsOf(dir);
  expect(deploy, `${dir} deploy`).toBe(
    `cdk deploy "${stackName}" --exclusively --require-approval never ${extra}--outputs-file cdk-outputs.json --no-notices`,
  );
  expect(destroy, `${dir} destroy`).toBe(`cdk destroy "${stackName}" --exclusively --force --no-notices`);
}

describe('deploy and destroy scripts', () => {
  it('deploy exactly the app’s own stack for STAGE, without prompts, writing cdk-outputs.json', { timeout: 60_000 }, async () => {
    const { apps, broken } = await loadWorkspace(repoRoot);
    expect(broken).toEqual([]);
    expect(apps.map((app) => app.dir.slice(repoRoot.length).replace(/^\//, '')).sort()).toEqual(
      readdirSync(join(repoRoot, 'apps'))
        .map((name) => `apps/${name}`)
        .sort(),
    );
    for (const app of apps) expectDeployScripts(`apps/${app.dir.split('/').at(-1)}`, asScript(appStackName(stage, app.manifest.name)));
  });

  it('deploy exactly the shared stack from infra/, refusing placeholder stage settings at any stage', () => {
    expectDeployScripts('infra', asScript(gatewayStackName(stage)), '--context frontdesk:deploy=true ');
  });

  it('match the names the preview teardown deletes', () => {
    const destroy = readYaml<{ jobs: { destroy: { steps: { run?: string }[] } } }>('.github/workflows/preview.yml')
      .jobs.destroy.steps.map((step) => step.run ?? '')
      .join('\n');
    const prefix = 'frontdesk-${STAGE}-';
    expect(destroy).toContain(`prefix="${prefix}"`);
    expect(appStackName(stage, 'x').startsWith(`${prefix.replace('${STAGE}', 'pr-4242')}app-`)).toBe(true);
    expect(gatewayStackName(stage)).toBe(`${prefix.replace('${STAGE}', 'pr-4242')}gateway`);
    expect(destroy).toContain('"${prefix}gateway"');
    expect(destroy).toContain("'${prefix}app-'");
  });
});
