/**
 * Policy lint over app manifests and synthesized CloudFormation: Frontdesk's own rules,
 * suppressions written in manifests, and text / JSON / SARIF reports. Pure functions over
 * templates as JSON; synthesis and cdk-nag run in `@frontdesk/cli` (lint-policy).
 */
export { lintPolicy, type LintOptions } from './lint.ts';
export { errorCount, type Finding, type FindingLevel, type PolicyResult, type ResourceRef, type SuppressedFinding } from './finding.ts';
export {
  SHARED_APP,
  WORKSPACE_APP,
  type BrokenPolicyApp,
  type PolicyApp,
  type ConstructSource,
  type PolicyInput,
  type PolicyStack,
} from './input.ts';
export { FRONTDESK_RULES, MANAGED_POLICY_ALLOW_LIST, WILDCARD_RESOURCE_ALLOW_LIST, type PolicyRule } from './rules/index.ts';
export { applySuppressions, isSentence, PUBLIC_ROUTE_RULES, type SuppressionSource } from './suppress.ts';
export {
  codeownersHandle,
  GENERATED_BEGIN,
  GENERATED_END,
  ownersOf,
  parseCodeowners,
  patternMatches,
  PLATFORM_OWNER,
  PLATFORM_PATHS,
  platformOwnershipGaps,
  type CodeownersRule,
} from './codeowners.ts';
export { constructPath, render, resourcesOfType, type CfnResource, type CfnTemplate } from './template.ts';
export { formatText } from './reporters/text.ts';
export { formatJson } from './reporters/json.ts';
export { formatSarif, toSarif, SARIF_SCHEMA } from './reporters/sarif.ts';
export type { RuleMeta } from './reporters/rule-meta.ts';
export { synthesisSucceeds } from './rules/synthesis.ts';
export { findingOf, type FindingDraft } from './rules/rule.ts';
export { attributeFinding } from './attribute.ts';
