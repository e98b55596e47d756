import { isPublicRoute, type AppManifest, type PolicySuppression } from '../manifest/index.ts';
import type { Finding, SuppressedFinding } from './finding.ts';
import { suppressionReason, suppressionStale } from './rules/suppressions.ts';
import { findingOf } from './rules/rule.ts';

/** Suppressions of one owner (an app's manifest, or the shared layer's file) and where they are written. */
export interface SuppressionSource {
  readonly app: string;
  readonly file: string;
  readonly suppressions: readonly PolicySuppression[];
}

/**
 * cdk-nag rules that a manifest's `auth: "public"` + reason already answers: the route is
 * unauthenticated on purpose and the reason is written beside it.
 */
const PUBLIC_ROUTE_RULES: readonly string[] = ['AwsSolutions-APIG4'];

/** A reason worth keeping: at least four words and twenty characters. */
function isSentence(reason: string | undefined): boolean {
  const text = (reason ?? '').trim();
  return text.length >= 20 && text.split(/\s+/).length >= 4;
}

/** Names a suppression's `resource` may use for a finding's resource. */
function resourceNames(finding: Finding): string[] {
  const { path, logicalId, aliases = [] } = finding.resource;
  const names = [path, ...aliases];
  if (logicalId) names.push(logicalId);
  const slash = path.indexOf('/');
  if (slash > 0) names.push(path.slice(slash + 1));
  return names;
}

/**
 * Splits findings into kept and suppressed. A suppression applies to findings of its own app
 * with exactly its rule id and a matching resource name; reasonless suppressions apply to
 * nothing and, like suppressions that match nothing, become findings themselves.
 */
export function applySuppressions(
  findings: readonly Finding[],
  sources: readonly SuppressionSource[],
  manifests: readonly AppManifest[],
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<PolicySuppression>();
  const meta = new Set([suppressionReason.id, suppressionStale.id, 'FD-MANIFEST-001']);
  for (const finding of findings) {
    if (meta.has(finding.ruleId)) {
      kept.push(finding);
      continue;
    }
    const names = resourceNames(finding);
    const manifest = manifests.find((candidate) => candidate.name === finding.app);
    if (manifest && PUBLIC_ROUTE_RULES.some((rule) => finding.ruleId === rule || finding.ruleId.startsWith(`${rule}[`))) {
      const publicRoute = names.map((name) => manifest.routes[name]).find((route) => route !== undefined && isPublicRoute(route));
      if (publicRoute && isPublicRoute(publicRoute)) {
        suppressed.push({ ...finding, suppression: { reason: publicRoute.reason, source: 'public-route' } });
        continue;
      }
    }
    const match = sources
      .filter((source) => source.app === finding.app)
      .flatMap((source) => source.suppressions)
      .find((entry) => entry.rule === finding.ruleId && names.includes(entry.resource) && isSentence(entry.reason));
    if (match) {
      used.add(match);
      suppressed.push({ ...finding, suppression: { reason: (match.reason ?? '').trim(), source: 'manifest' } });
    } else kept.push(finding);
  }
  for (const source of sources) {
    for (const entry of source.suppressions) {
      const at = { path: `policy.suppressions[${source.suppressions.indexOf(entry)}]`, aliases: [entry.resource] };
      if (!isSentence(entry.reason)) {
        kept.push(
          findingOf(suppressionReason, {
            app: source.app,
            resource: at,
            message: `suppression of ${entry.rule} on "${entry.resource}" has ${entry.reason?.trim() ? `too short a reason ("${entry.reason.trim()}")` : 'no reason'}, so it suppresses nothing`,
            file: source.file,
            anchor: entry.resource,
          }),
        );
      } else if (!used.has(entry)) {
        kept.push(
          findingOf(suppressionStale, {
            app: source.app,
            resource: at,
            message: `suppression of ${entry.rule} on "${entry.resource}" matches no finding`,
            file: source.file,
            anchor: entry.resource,
          }),
        );
      }
    }
  }
  return { findings: kept, suppressed };
}
