import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveStage } from '@frontdesk/gateway-core';
import {
  errorCount,
  findingOf,
  formatJson,
  formatSarif,
  formatText,
  FRONTDESK_RULES,
  lintPolicy as runRules,
  SHARED_APP,
  synthesisSucceeds,
  type Finding,
  type PolicyResult,
  type PolicyStack,
  type RuleMeta,
  type SuppressedFinding,
} from '@frontdesk/gateway-core/policy';
import { loadWorkspace } from '@frontdesk/gateway-core/workspace';
import { lineLocator } from './locate.ts';
import { nagRuleMeta } from './nag-findings.ts';
import type { Synthesized } from './synthesize.ts';

const CODEOWNERS_FILE = '.github/CODEOWNERS';

export interface LintRequest {
  readonly root: string;
  /** Absolute directory of one workspace (`apps/<name>` or `infra`) to lint alone. @default every workspace */
  readonly workspace?: string;
  /** Check manifests, cross-app rules and CODEOWNERS only; synthesize nothing. @default false */
  readonly manifestsOnly?: boolean;
  /** @default dev */
  readonly stage?: string | undefined;
}

export interface LintOutcome {
  readonly result: PolicyResult;
  readonly errors: number;
  render(format: 'text' | 'json' | 'sarif'): string;
}

/**
 * Loads every manifest, synthesizes the requested stacks in-process with cdk-nag attached,
 * runs Frontdesk's rules over all of it and applies the manifests' suppressions.
 */
export async function lintPolicy(request: LintRequest): Promise<LintOutcome> {
  const { root } = request;
  const stage = resolveStage(request.stage);
  const { apps, broken } = await loadWorkspace(root);
  const scope = request.workspace === undefined ? undefined : relative(root, request.workspace) || '.';
  const infraInScope = scope === undefined || scope === 'infra';
  const appsInScope = apps.filter((app) => scope === undefined || relative(root, app.dir) === scope);
  if (scope !== undefined && !infraInScope && appsInScope.length === 0 && !broken.some((app) => app.dir === scope)) {
    throw new Error(`--workspace ${scope} is neither infra/ nor an app folder with a valid app.config.ts`);
  }

  const stacks: PolicyStack[] = [];
  const external: Finding[] = [];
  const acknowledged: SuppressedFinding[] = [];
  const collect = async (app: string, file: string, synthesize: () => Synthesized | Promise<Synthesized>) => {
    try {
      const synthesized = await synthesize();
      stacks.push(...synthesized.stacks);
      external.push(...synthesized.nagFindings);
      acknowledged.push(...synthesized.acknowledged);
    } catch (error) {
      external.push(
        findingOf(synthesisSucceeds, {
          app,
          resource: { path: file },
          message: `synthesis failed: ${(error as Error).message.split('\n')[0]}`,
          file,
        }),
      );
    }
  };
  if (!request.manifestsOnly) {
    // aws-cdk-lib and cdk-nag load only when something is synthesized.
    const { synthesizeApp, synthesizeInfra } = await import('./synthesize.ts');
    for (const app of appsInScope)
      await collect(app.manifest.name, relative(root, app.manifestFile), () => synthesizeApp(root, app, stage));
    if (infraInScope && existsSync(join(root, 'infra/cdk.json')))
      await collect(SHARED_APP, 'infra/cdk.json', () => synthesizeInfra(root, stage));
  }

  const codeownersPath = join(root, CODEOWNERS_FILE);
  const full = runRules(
    {
      apps: apps.map((app) => ({ dir: relative(root, app.dir), manifestFile: relative(root, app.manifestFile), manifest: app.manifest })),
      broken: broken.map((app) => ({ dir: relative(root, app.dir), manifestFile: app.manifestFile, message: app.error.message })),
      stacks,
      stage: stage.name,
      externalFindings: external,
      acknowledged,
      ...(existsSync(codeownersPath) ? { codeowners: { file: CODEOWNERS_FILE, text: readFileSync(codeownersPath, 'utf8') } } : {}),
    },
    { locate: lineLocator(root) },
  );
  const inScope = (finding: Finding) =>
    (scope === undefined ||
      (scope === 'infra'
        ? finding.app === SHARED_APP
        : appsInScope.some((app) => app.manifest.name === finding.app) || finding.file?.startsWith(`${scope}/`))) &&
    // Without templates, a suppression of a template finding cannot be judged stale.
    !(request.manifestsOnly && finding.ruleId === 'FD-SUPPRESS-002');
  const result: PolicyResult = { findings: full.findings.filter(inScope), suppressed: full.suppressed.filter(inScope) };
  const rules: RuleMeta[] = [...FRONTDESK_RULES];
  for (const finding of [...result.findings, ...result.suppressed]) {
    if (!rules.some((rule) => rule.id === finding.ruleId)) rules.push(nagRuleMeta(finding));
  }
  return {
    result,
    errors: errorCount(result),
    render: (format) => (format === 'json' ? formatJson(result) : format === 'sarif' ? formatSarif(result, rules) : formatText(result)),
  };
}
