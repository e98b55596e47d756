import type { Finding, PolicyStack, RuleMeta } from '@frontdesk/gateway-core/policy';

/** The parts of CDK's `validation-report.json` the lint reads. */
export interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly {
      readonly ruleName: string;
      readonly description: string;
      readonly severity: string;
      readonly violatingConstructs?: readonly { readonly constructPath?: string }[];
    }[];
  }[];
}

const RULES_DOC = 'https://github.com/cdklabs/cdk-nag/blob/main/RULES.md';

/** cdk-nag's base rule id: `AwsSolutions-IAM5[Resource::*]` → `AwsSolutions-IAM5`. */
function nagBaseRule(ruleId: string): string {
  return ruleId.replace(/\[.*$/, '');
}

/**
 * cdk-nag violations as lint findings: one per violating construct, with the logical id and
 * (for routes) the route key looked up in the synthesized template, so manifest suppressions
 * and public-route reasons can name them like Frontdesk's own findings.
 */
export function fromValidationReport(report: ValidationReport, app: string, stacks: readonly PolicyStack[]): Finding[] {
  const byPath = new Map<string, { logicalId: string; routeKey?: string; file?: string }>();
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const path = resource.Metadata?.['aws:cdk:path'];
      if (typeof path !== 'string') continue;
      const routeKey = resource.Type === 'AWS::ApiGatewayV2::Route' ? String(resource.Properties?.RouteKey) : undefined;
      byPath.set(path, { logicalId, ...(routeKey ? { routeKey } : {}), ...(stack.sourceFile ? { file: stack.sourceFile } : {}) });
    }
  }
  const file = stacks.find((stack) => stack.sourceFile)?.sourceFile;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      (violation.violatingConstructs ?? []).map((construct): Finding => {
        const path = construct.constructPath ?? '(unknown construct)';
        const known = byPath.get(path);
        return {
          ruleId: violation.ruleName,
          level: violation.severity === 'warning' ? 'warning' : violation.severity === 'info' ? 'note' : 'error',
          app,
          resource: { path, ...(known ? { logicalId: known.logicalId } : {}), ...(known?.routeKey ? { aliases: [known.routeKey] } : {}) },
          message: `${violation.description} (cdk-nag ${plugin.pluginName})`,
          fix: `Follow ${RULES_DOC} for ${nagBaseRule(violation.ruleName)}; if it does not apply, suppress it with a reason`,
          ...(file ? { file } : {}),
        };
      }),
    ),
  );
}

/** SARIF/README metadata for a cdk-nag rule seen in the findings. */
export function nagRuleMeta(finding: Finding): RuleMeta {
  return {
    id: finding.ruleId,
    title: finding.message,
    level: finding.level,
    rationale: `cdk-nag ${nagBaseRule(finding.ruleId)}: ${finding.message}`,
    fix: finding.fix,
    helpUri: RULES_DOC,
  };
}
