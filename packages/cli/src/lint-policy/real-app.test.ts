import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lintPolicy } from './lint.ts';
import { binApp, deployableWorkspace } from './real-app-workspace.ts';

const SPRAWL_IMPORTS = `import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';`;
/** What a new user wrote in issue 13: a `*` statement on the app's function and an administrator role. */
const SPRAWL = `
stack.api.function.addToRolePolicy(new PolicyStatement({ actions: ['*'], resources: ['*'] }));
new Role(stack, 'Sprawl', {
  assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
  managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
});
`;

async function lint(root: string, stage = 'dev') {
  return lintPolicy({ root, workspace: `${root}/apps/billing`, stage });
}

// Each case synthesizes a real CDK app in-process (bundling skipped).
describe('the lint synthesizes the app’s own CDK app', { timeout: 120_000 }, () => {
  it('finds a "*" statement and an AdministratorAccess role written in bin/app.ts, naming construct path, file and fix', async () => {
    const root = deployableWorkspace({ 'bin/app.ts': binApp(SPRAWL, SPRAWL_IMPORTS) });
    const { result, errors } = await lint(root);
    expect(errors).toBeGreaterThan(0);
    const wildcard = result.findings.filter((finding) => finding.ruleId === 'FD-IAM-001');
    expect(wildcard).toContainEqual(
      expect.objectContaining({
        resource: expect.objectContaining({ path: 'frontdesk-dev-app-billing/App/FunctionRole/DefaultPolicy/Resource' }),
        message: expect.stringContaining('allows wildcard action "*"'),
        fix: expect.stringContaining('Grant the specific actions on the specific resource ARNs'),
      }),
    );
    const admin = result.findings.find((finding) => finding.ruleId === 'FD-IAM-002');
    expect(admin).toMatchObject({
      resource: { path: 'frontdesk-dev-app-billing/Sprawl/Resource' },
      message: expect.stringContaining('"AdministratorAccess"'),
      file: 'apps/billing/bin/app.ts',
      line:
        binApp(SPRAWL, SPRAWL_IMPORTS)
          .split('\n')
          .findIndex((line) => line.includes("'Sprawl'")) + 1,
      fix: expect.stringContaining('Replace the managed policy with explicit statements'),
    });
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
        'AwsSolutions-IAM5[Action::*]',
      ]),
    );
  });

  it('finds sprawl in any module bin/app.ts imports', async () => {
    const helper = `import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { AppStack } from '@frontdesk/gateway-core/cdk';
export function widen(stack: AppStack): void {
  stack.api.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
}
`;
    const root = deployableWorkspace({
      'lib/widen.ts': helper,
      'bin/app.ts': binApp('widen(stack);', "import { widen } from '../lib/widen.ts';"),
    });
    const { result } = await lint(root);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'FD-IAM-001', message: expect.stringContaining('"dynamodb:*"') }),
    );
  });

  it('runs the script cdk.json names, for the stage asked', async () => {
    const root = deployableWorkspace(
      { 'infra/deploy.ts': binApp().replace("'../app.config.ts'", "'../app.config.ts'") },
      { app: 'npx tsx infra/deploy.ts' },
    );
    const { result } = await lint(root, 'pr-7');
    expect(result.findings.filter((finding) => finding.level === 'error')).toEqual([]);
    expect(result.suppressed.map((finding) => finding.resource.path)).toContainEqual(
      expect.stringMatching(/^frontdesk-pr-7-app-billing\//),
    );
  });

  it('lints stack.ts, the extension point, and points its findings at it', async () => {
    const extension = `import { AttributeType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { defineStack } from '@frontdesk/gateway-core/cdk';

export default defineStack(({ scope, function: fn, grants }) => {
  const audit = new Table(scope, 'Audit', {
    partitionKey: { name: 'id', type: AttributeType.STRING },
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  audit.addGlobalSecondaryIndex({ indexName: 'by-actor', partitionKey: { name: 'actor', type: AttributeType.STRING } });
  fn.addToRolePolicy(grants.writeTable(audit));
  fn.addToRolePolicy(grants.queryIndex(audit, 'by-actor'));
  const plain = new Table(scope, 'Plain', { partitionKey: { name: 'id', type: AttributeType.STRING }, encryption: TableEncryption.DEFAULT });
  fn.addToRolePolicy(grants.readTable(plain));
});
`;
    const bin = binApp()
      .replace("import manifest from '../app.config.ts';", "import manifest from '../app.config.ts';\nimport extension from '../stack.ts';")
      .replace('stage },\n});', 'stage },\n  extension,\n});');
    const root = deployableWorkspace({ 'stack.ts': extension, 'bin/app.ts': bin });
    const { result } = await lint(root);
    const errors = result.findings.filter((finding) => finding.level === 'error');
    // The README's example (Audit) is clean; only the table without a KMS key is an error, reported against stack.ts.
    expect(errors.map((finding) => finding.ruleId)).toEqual(['FD-DATA-001']);
    expect(errors.find((finding) => finding.ruleId === 'FD-DATA-001')).toMatchObject({
      resource: { path: 'frontdesk-dev-app-billing/Extension/Plain/Resource' },
      file: 'apps/billing/stack.ts',
      line: extension.split('\n').findIndex((line) => line.includes("'Plain'")) + 1,
    });
  });

  it('fails closed when the CDK app cannot be synthesized or builds no App', async () => {
    const throws = await lint(deployableWorkspace({ 'bin/app.ts': `${binApp()}\nthrow new Error('boom from bin');\n` }));
    expect(throws.result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'FD-SYNTH-001', message: 'synthesis failed: boom from bin' }),
    );
    const empty = await lint(deployableWorkspace({ 'bin/app.ts': 'export {};\n' }));
    expect(empty.result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'FD-SYNTH-001', message: expect.stringContaining('constructed no CDK App') }),
    );
    const missing = await lint(deployableWorkspace({}, { app: 'tsx bin/missing.ts' }));
    expect(missing.result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'FD-SYNTH-001', message: expect.stringContaining('bin/missing.ts does not exist') }),
    );
  });
});

describe('pnpm lint:policy on such an app', { timeout: 120_000 }, () => {
  it('exits 1 and prints the construct path and the fix', async () => {
    const root = deployableWorkspace({ 'bin/app.ts': binApp(SPRAWL, SPRAWL_IMPORTS) });
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const failed = await promisify(execFile)(tsx, [main, '--workspace', 'apps/billing'], { cwd: root }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect(failed.stdout).toContain('frontdesk-dev-app-billing/Sprawl/Resource');
    expect(failed.stdout).toContain('apps/billing/bin/app.ts:');
    expect(failed.stdout).toContain('fix: Replace the managed policy');
  });
});
