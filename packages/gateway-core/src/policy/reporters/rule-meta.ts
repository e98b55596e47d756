import type { FindingLevel } from '../finding.ts';

/** What a report says about a rule: Frontdesk's own, or one seen from cdk-nag. */
export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly level: FindingLevel;
  readonly rationale: string;
  readonly fix: string;
  readonly helpUri?: string;
}
