/**
 * Policy lint over app manifests and synthesized CloudFormation: Frontdesk's own rules,
 * suppressions written in manifests, and text / JSON / SARIF reports. Pure functions over
 * templates as JSON; synthesis and cdk-nag run in `@frontdesk/cli` (lint-policy).
 */
export { lintPolicy } from './lint.ts';
export { errorCount, type Finding, type PolicyResult, type SuppressedFinding } from './finding.ts';
export {
  SHARED_APP,
  type ConstructSource,
  type PolicyStack,
} from './input.ts';
export { FRONTDESK_RULES, MANAGED_POLICY_ALLOW_LIST, WILDCARD_RESOURCE_ALLOW_LIST } from './rules/index.ts';
export {
  codeownersHandle,
  GENERATED_BEGIN,
  GENERATED_END,
} from './codeowners.ts';
export type { CfnTemplate } from './template.ts';
export { formatText } from './reporters/text.ts';
export { formatJson } from './reporters/json.ts';
export { formatSarif, SARIF_SCHEMA } from './reporters/sarif.ts';
export type { RuleMeta } from './reporters/rule-meta.ts';
export { synthesisSucceeds } from './rules/synthesis.ts';
export { findingOf } from './rules/rule.ts';
