import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { Stage } from '@frontdesk/gateway-core';
import { CONSTRUCT_SOURCE_METADATA } from '@frontdesk/gateway-core/cdk';
import {
  SHARED_APP,
  type CfnTemplate,
  type ConstructSource,
  type Finding,
  type PolicyStack,
  type SuppressedFinding,
} from '@frontdesk/gateway-core/policy';
import { MANIFEST_FILE, type LoadedApp } from '@frontdesk/gateway-core/workspace';
import { cdkAppEntry } from './cdk-entry.ts';
import { fromValidationReport, type ValidationReport } from './nag-findings.ts';
import { runCdkApp } from './run-cdk-app.ts';
import { LINT_CONTEXT } from './synth-context.ts';

/** What one workspace's synthesis produced. */
export interface Synthesized {
  readonly stacks: PolicyStack[];
  /** cdk-nag violations, already findings (by app, construct path and logical id). */
  readonly nagFindings: Finding[];
  /** cdk-nag rules the constructs acknowledged with `Validations.of(…).acknowledge()`, with their reasons. */
  readonly acknowledged: SuppressedFinding[];
}

/**
 * Synthesizes a CDK app built by `build` in-process with the cdk-nag packs plugged into
 * `Validations.of(app)`; returns its templates and the violations CDK's policy-validation report
 * carries. Tests use it for hand-built apps; the lint itself runs real entry files ({@link synthesizeEntry}).
 */
export function synthesizeWith(app: string, sourceFile: string, build: (scope: App) => void): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'frontdesk-lint-'));
  try {
    const cdkApp = new App({ outdir, context: { ...LINT_CONTEXT }, builtinCloudFormationValidation: false });
    build(cdkApp);
    Validations.of(cdkApp).addPlugins(new AwsSolutionsChecks(cdkApp), new ServerlessChecks(cdkApp));
    return collect([cdkApp], app, sourceFile);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes the CDK app a workspace really deploys: runs its entry file (cdk.json's `app`
 * script, e.g. `bin/app.ts`, and everything it imports, such as `stack.ts`) in this process
 * with `STAGE` set, as `cdk synth` would, and lints every `App` it constructs.
 */
async function synthesizeEntry(root: string, app: string, entry: string, stage: Stage): Promise<Synthesized> {
  const sourceFile = relative(root, entry);
  const outdir = mkdtempSync(join(tmpdir(), 'frontdesk-lint-'));
  try {
    // CDK_VALIDATION=false skips CDK's built-in CloudFormation schema check (seconds per app); the
    // policy plugins still run. CloudFormation itself validates the schema at deploy.
    const env = { STAGE: stage.name, CDK_OUTDIR: outdir, CDK_VALIDATION: 'false' };
    const prepare = (cdkApp: App) => {
      for (const [key, value] of Object.entries(LINT_CONTEXT)) cdkApp.node.setContext(key, value);
      Validations.of(cdkApp).addPlugins(new AwsSolutionsChecks(cdkApp), new ServerlessChecks(cdkApp));
    };
    return await runCdkApp(entry, env, prepare, (apps) => {
      if (apps.length === 0)
        throw new Error(`${sourceFile} constructed no CDK App, so nothing of it can be checked (it must run \`new App()\` when imported)`);
      return collect(apps, app, sourceFile, root);
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** An app's stack, built by its own CDK app (cdk.json's `app` script, `bin/app.ts` by default). */
export function synthesizeApp(root: string, loaded: LoadedApp, stage: Stage): Promise<Synthesized> {
  const entry = cdkAppEntry(loaded.dir);
  return synthesizeEntry(root, loaded.manifest.name, entry, stage);
}

/** The shared layer's stack, built by `infra/`'s own CDK app. */
export function synthesizeInfra(root: string, stage: Stage): Promise<Synthesized> {
  const entry = cdkAppEntry(join(root, 'infra'));
  return synthesizeEntry(root, SHARED_APP, entry, stage);
}

/** Synthesizes prepared apps and reads their templates, cdk-nag report and acknowledgements. */
function collect(apps: readonly App[], app: string, sourceFile: string, root?: string): Synthesized {
  const stacks: PolicyStack[] = [];
  const nagFindings: Finding[] = [];
  const acknowledged: SuppressedFinding[] = [];
  for (const cdkApp of apps) {
    const assembly = cdkApp.synth();
    const constructSources = root === undefined ? [] : sourcesOf(cdkApp, root);
    const own: PolicyStack[] = assembly.stacksRecursively.map((stack) => ({
      app,
      stackName: stack.stackName,
      ...(stack.hierarchicalId === stack.stackName ? {} : { constructPath: stack.hierarchicalId }),
      template: stack.template as CfnTemplate,
      sourceFile,
      constructSources: constructSources.filter((source) => source.path.startsWith(`${stack.hierarchicalId}/`)),
    }));
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
    stacks.push(...own);
    nagFindings.push(...fromValidationReport(report, app, own));
    acknowledged.push(...acknowledgements(cdkApp, app, sourceFile));
  }
  return { stacks, nagFindings, acknowledged };
}

/**
 * The subtrees constructs declare as written elsewhere (`markConstructSource`: the manifest builds
 * `App`, `stack.ts` builds `Extension`), by construct path.
 */
function sourcesOf(cdkApp: App, root: string): ConstructSource[] {
  return cdkApp.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === CONSTRUCT_SOURCE_METADATA && typeof entry.data === 'string')
      .map((entry) => {
        const file = relative(root, entry.data as string);
        return { path: construct.node.path, file, namesConstructs: !file.endsWith(MANIFEST_FILE) };
      }),
  );
}

/** Every `Validations.of(construct).acknowledge({ id, reason })` in the tree, as suppressed findings. */
function acknowledgements(root: IConstruct, app: string, file: string): SuppressedFinding[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([key, reason]) => ({
          ruleId: key.replace(/^annotation::/i, ''),
          level: 'note' as const,
          app,
          resource: { path: construct.node.path },
          message: 'acknowledged in the CDK construct',
          fix: 'none needed while the reason holds',
          file,
          suppression: { reason, source: 'construct' as const },
        })),
      ),
  );
}
