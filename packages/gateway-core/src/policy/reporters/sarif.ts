import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, FindingLevel, PolicyResult, SuppressedFinding } from '../finding.ts';
import type { RuleMeta } from './rule-meta.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const TOOL_NAME = 'frontdesk-policy';

/**
 * A SARIF 2.1.0 log for GitHub code scanning: one run, every rule that produced a result
 * (plus all of `rules`) with its metadata, each result located in a repository file when known,
 * and suppressed findings carried with `suppressions` and their justification.
 */
export function formatSarif(result: PolicyResult, rules: readonly RuleMeta[]): string {
  return `${JSON.stringify(toSarif(result, rules), null, 2)}\n`;
}

function toSarif(result: PolicyResult, rules: readonly RuleMeta[]): Log {
  const catalog = new Map(rules.map((rule) => [rule.id, rule]));
  for (const finding of [...result.findings, ...result.suppressed]) {
    if (!catalog.has(finding.ruleId)) {
      catalog.set(finding.ruleId, {
        id: finding.ruleId,
        title: finding.message,
        level: finding.level,
        rationale: finding.message,
        fix: finding.fix,
      });
    }
  }
  const descriptors = [...catalog.values()];
  const index = new Map(descriptors.map((rule, position) => [rule.id, position]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            rules: descriptors.map(descriptor),
          },
        },
        results: [
          ...result.findings.map((finding) => toResult(finding, index)),
          ...result.suppressed.map((finding) => toResult(finding, index)),
        ],
      },
    ],
  };
}

function descriptor(rule: RuleMeta): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: `${rule.rationale}\nFix: ${rule.fix}`, markdown: `${rule.rationale}\n\n**Fix:** ${rule.fix}` },
    defaultConfiguration: { level: sarifLevel(rule.level) },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    properties: { tags: ['security', 'frontdesk-policy'] },
  };
}

function toResult(finding: Finding | SuppressedFinding, index: ReadonlyMap<string, number>): Result {
  const logical = {
    fullyQualifiedName: finding.resource.path,
    kind: 'resource',
    ...(finding.resource.logicalId ? { name: finding.resource.logicalId } : {}),
  };
  return {
    ruleId: finding.ruleId,
    ruleIndex: index.get(finding.ruleId) as number,
    level: sarifLevel(finding.level),
    message: { text: `[${finding.app}] ${finding.message}. Fix: ${finding.fix}` },
    locations: [
      {
        ...(finding.file === undefined
          ? {}
          : {
              physicalLocation: {
                artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
                region: { startLine: finding.line ?? 1 },
              },
            }),
        logicalLocations: [logical],
      },
    ],
    partialFingerprints: { frontdeskFinding: `${finding.ruleId}|${finding.app}|${finding.resource.path}|${finding.message}` },
    properties: { app: finding.app },
    ...('suppression' in finding
      ? { suppressions: [{ kind: 'inSource' as const, status: 'accepted' as const, justification: finding.suppression.reason }] }
      : {}),
  };
}

function sarifLevel(level: FindingLevel): 'error' | 'warning' | 'note' {
  return level;
}
