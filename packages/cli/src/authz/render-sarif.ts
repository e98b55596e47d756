import type { Log, Result } from 'sarif';
import { SARIF_SCHEMA } from '@frontdesk/gateway-core/policy';
import type { Change, ChangeKind, Review } from './change.ts';
import type { AuthzReport } from './report.ts';

const TOOL_NAME = 'frontdesk-authz-diff';

/**
 * SARIF 2.1.0 in the policy lint's style (reporters/sarif.ts): one rule per change kind, one
 * result per change located at its manifest line. Only changes that need a reviewer beyond
 * routine are results; code scanning shows them on the pull request's diff.
 */
export function renderSarif(report: AuthzReport): string {
  const results = report.changes.filter((change) => change.review !== 'routine');
  const kinds = [...new Set(results.map((change) => change.kind))].sort();
  const index = new Map(kinds.map((kind, position) => [kind, position]));
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            rules: kinds.map((kind) => ({
              id: ruleId(kind),
              name: kind.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase()),
              shortDescription: { text: `Authorization change: ${kind.replace(/-/g, ' ')}` },
              properties: { tags: ['security', 'authorization'] },
            })),
          },
        },
        results: results.map((change) => toResult(change, index)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleId(kind: ChangeKind): string {
  return `FD-AUTHZ-${kind}`;
}

function toResult(change: Change, index: ReadonlyMap<ChangeKind, number>): Result {
  return {
    ruleId: ruleId(change.kind),
    ruleIndex: index.get(change.kind) as number,
    level: level(change.review),
    message: { text: `[${change.app}] ${change.subject}: ${change.title}. Review: ${change.review} (${change.reason})` },
    locations: [
      {
        ...(change.file === undefined
          ? {}
          : {
              physicalLocation: { artifactLocation: { uri: change.file, uriBaseId: '%SRCROOT%' }, region: { startLine: change.line ?? 1 } },
            }),
        logicalLocations: [{ fullyQualifiedName: `${change.app}/${change.subject}`, kind: 'resource' }],
      },
    ],
    partialFingerprints: { frontdeskAuthz: `${change.kind}|${change.app}|${change.subject}|${change.title}` },
    properties: { app: change.app, review: change.review },
  };
}

function level(review: Review): 'error' | 'warning' | 'note' {
  return review === 'platform' ? 'error' : review === 'app-owner' ? 'warning' : 'note';
}
