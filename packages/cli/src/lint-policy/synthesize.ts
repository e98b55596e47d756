import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Validations, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { Stage } from '@frontdesk/gateway-core';
import { AppStack, appStackName, gatewayStackName, type RootGatewayProps } from '@frontdesk/gateway-core/cdk';
import { SHARED_APP, type CfnTemplate, type Finding, type PolicyStack, type SuppressedFinding } from '@frontdesk/gateway-core/policy';
import type { LoadedApp } from '@frontdesk/gateway-core/workspace';
import { fromValidationReport, type ValidationReport } from './nag-findings.ts';

/**
 * Context every lint synthesis runs with: no esbuild bundling (the lint reads templates, not
 * code), construct paths in template metadata, and validation reported rather than thrown.
 */
export const LINT_CONTEXT = {
  'aws:cdk:bundling-stacks': [],
  'aws:cdk:enable-path-metadata': true,
  '@aws-cdk/core:failSynthOnValidationErrors': false,
} as const;

/** The cdk-nag packs every stack is checked with, registered through CDK's v3 `Validations` API. */
export const NAG_PACKS = ['AwsSolutions', 'Serverless'] as const;

/** What one workspace's synthesis produced. */
export interface Synthesized {
  readonly stacks: PolicyStack[];
  /** cdk-nag violations, already findings (by app, construct path and logical id). */
  readonly nagFindings: Finding[];
  /** cdk-nag rules the constructs acknowledged with `Validations.of(…).acknowledge()`, with their reasons. */
  readonly acknowledged: SuppressedFinding[];
}

/**
 * Synthesizes one CDK app in-process, the way its `bin/` does, with the cdk-nag packs plugged
 * into `Validations.of(app)`; returns its templates and the violations CDK's policy-validation
 * report carries.
 */
export function synthesizeWith(app: string, sourceFile: string, build: (scope: App) => void): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'frontdesk-lint-'));
  try {
    const cdkApp = new App({ outdir, context: { ...LINT_CONTEXT }, builtinCloudFormationValidation: false });
    build(cdkApp);
    Validations.of(cdkApp).addPlugins(new AwsSolutionsChecks(cdkApp), new ServerlessChecks(cdkApp));
    const assembly = cdkApp.synth();
    const stacks: PolicyStack[] = assembly.stacks.map((stack) => ({
      app,
      stackName: stack.stackName,
      template: stack.template as CfnTemplate,
      sourceFile,
    }));
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
    return { stacks, nagFindings: fromValidationReport(report, app, stacks), acknowledged: acknowledgements(cdkApp, app, sourceFile) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** An app's stack, built exactly as `apps/<name>/bin/app.ts` builds it. */
export function synthesizeApp(root: string, loaded: LoadedApp, stage: Stage): Synthesized {
  return synthesizeWith(loaded.manifest.name, relative(root, loaded.manifestFile), (scope) => {
    new AppStack(scope, appStackName(stage, loaded.manifest.name), { manifest: loaded.manifest, appDir: loaded.dir, stage });
  });
}

/** The shared layer's stack, built as `infra/bin/gateway.ts` builds it (its stack class and stage config come from `infra/src`). */
export async function synthesizeInfra(root: string, stage: Stage): Promise<Synthesized> {
  const source = (file: string) => pathToFileURL(join(root, 'infra/src', file)).href;
  const { GatewayStack } = (await import(source('gateway-stack.ts'))) as {
    GatewayStack: new (scope: App, id: string, props: { gateway: RootGatewayProps }) => Stack;
  };
  const { stageConfig } = (await import(source('stage-config.ts'))) as { stageConfig: (stage: Stage) => Omit<RootGatewayProps, 'stage'> };
  return synthesizeWith(SHARED_APP, 'infra/bin/gateway.ts', (scope) => {
    new GatewayStack(scope, gatewayStackName(stage), { gateway: { stage, ...stageConfig(stage) } });
  });
}

/** Every `Validations.of(construct).acknowledge({ id, reason })` in the tree, as suppressed findings. */
export function acknowledgements(root: IConstruct, app: string, file: string): SuppressedFinding[] {
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
