import type { Finding, PolicyResult } from './finding.ts';
import type { PolicyInput } from './input.ts';
import { FRONTDESK_RULES, type PolicyRule } from './rules/index.ts';
import { attributeFinding } from './attribute.ts';
import { applySuppressions, type SuppressionSource } from './suppress.ts';

export interface LintOptions {
  /** Rules to run. @default FRONTDESK_RULES */
  readonly rules?: readonly PolicyRule[];
  /** Suppressions of owners without a manifest (the shared layer). */
  readonly extraSuppressions?: readonly SuppressionSource[];
  /** Finds the 1-based line of `anchor` in repository file `file`, to point reports at it. */
  readonly locate?: (file: string, anchor: string | undefined) => number | undefined;
}

const LEVEL_ORDER = { error: 0, warning: 1, note: 2 } as const;

/**
 * Runs the Frontdesk rules over manifests and synthesized templates, adds external findings
 * (cdk-nag, synthesis failures), then applies the manifests' suppressions.
 *
 * @example
 * const result = lintPolicy({ apps, stacks, codeowners });
 * if (errorCount(result) > 0) process.exitCode = 1;
 */
export function lintPolicy(input: PolicyInput, options: LintOptions = {}): PolicyResult {
  const rules = options.rules ?? FRONTDESK_RULES;
  const stacks = input.stacks ?? [];
  const raw: Finding[] = [...rules.flatMap((rule) => rule.check(input)), ...(input.externalFindings ?? [])].map((finding) =>
    attributeFinding(finding, stacks),
  );
  const sources: SuppressionSource[] = [
    ...input.apps.map((app) => ({ app: app.manifest.name, file: app.manifestFile, suppressions: app.manifest.policy.suppressions })),
    ...(options.extraSuppressions ?? []),
  ];
  const { findings, suppressed } = applySuppressions(
    raw,
    sources,
    input.apps.map((app) => app.manifest),
  );
  const locate = <T extends Finding>(finding: T): T => {
    if (finding.line !== undefined || finding.file === undefined || !options.locate) return finding;
    const line = options.locate(finding.file, finding.anchor);
    return line === undefined ? finding : { ...finding, line };
  };
  const order = (a: Finding, b: Finding) =>
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    a.app.localeCompare(b.app) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.resource.path.localeCompare(b.resource.path);
  return {
    findings: findings.map(locate).sort(order),
    suppressed: [...suppressed, ...(input.acknowledged ?? []).map((finding) => attributeFinding(finding, stacks))].map(locate).sort(order),
  };
}
