import type { AppManifest } from '../../manifest/index.ts';
import type { Finding, FindingLevel, ResourceRef } from '../finding.ts';
import type { PolicyInput, PolicyStack } from '../input.ts';

/** A Frontdesk policy rule: stable id, what it protects and why, and the check itself. */
export interface PolicyRule {
  /** Stable id, e.g. `FD-AUTH-001`; suppressions and SARIF refer to it. */
  readonly id: string;
  /** One line naming what must hold. */
  readonly title: string;
  readonly level: FindingLevel;
  /** Why the rule exists (README and SARIF help text). */
  readonly rationale: string;
  /** The usual one-line fix. */
  readonly fix: string;
  check(input: PolicyInput): Finding[];
}

export interface FindingDraft {
  readonly app: string;
  readonly resource: ResourceRef;
  readonly message: string;
  readonly fix?: string;
  readonly level?: FindingLevel;
  readonly file?: string;
  readonly anchor?: string;
}

/** A finding of `rule`, with the rule's level and fix unless the draft says otherwise. */
export function findingOf(rule: Pick<PolicyRule, 'id' | 'level' | 'fix'>, draft: FindingDraft): Finding {
  const { fix, level, ...rest } = draft;
  return { ruleId: rule.id, level: level ?? rule.level, fix: fix ?? rule.fix, ...rest };
}

/** The manifest and file findings on `stack` point at (the app manifest, or the stack's source for the shared layer). */
export function stackOwner(input: PolicyInput, stack: PolicyStack): { manifest?: AppManifest; file?: string } {
  const app = input.apps.find((candidate) => candidate.manifest.name === stack.app);
  if (app) return { manifest: app.manifest, file: app.manifestFile };
  return stack.sourceFile === undefined ? {} : { file: stack.sourceFile };
}
