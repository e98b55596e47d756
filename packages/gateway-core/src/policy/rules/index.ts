import { accessLogging } from './access-logging.ts';
import { authRequired } from './auth-required.ts';
import { authorizerCaching } from './authorizer-caching.ts';
import { basePathShadowing } from './base-path-shadowing.ts';
import { basePathUnique } from './base-path-unique.ts';
import { defaultThrottling } from './default-throttling.ts';
import { iamCrossApp } from './iam-cross-app.ts';
import { iamManagedPolicies } from './iam-managed-policies.ts';
import { iamWildcards } from './iam-wildcards.ts';
import { sharedLayerWrites } from './shared-layer-writes.ts';
import { logRetention } from './log-retention.ts';
import { manifestValid } from './manifest-valid.ts';
import { ownerInCodeowners } from './owner-in-codeowners.ts';
import { plaintextSecrets } from './plaintext-secrets.ts';
import { publicGreedyRoute } from './public-greedy-route.ts';
import { routeKeys } from './route-keys.ts';
import type { PolicyRule } from './rule.ts';
import { suppressionReason, suppressionStale } from './suppressions.ts';
import { dataRetention } from './data-retention.ts';
import { tableEncryption } from './table-encryption.ts';
import { tableGrants } from './table-grants.ts';
import { tableRecovery } from './table-recovery.ts';
import { synthesisSucceeds } from './synthesis.ts';
import { tracing } from './tracing.ts';

/** Every Frontdesk rule, in the order the README lists them. */
export const FRONTDESK_RULES: readonly PolicyRule[] = [
  manifestValid,
  synthesisSucceeds,
  authRequired,
  authorizerCaching,
  iamWildcards,
  iamManagedPolicies,
  iamCrossApp,
  sharedLayerWrites,
  basePathUnique,
  basePathShadowing,
  routeKeys,
  publicGreedyRoute,
  accessLogging,
  defaultThrottling,
  tracing,
  logRetention,
  plaintextSecrets,
  tableEncryption,
  tableRecovery,
  dataRetention,
  tableGrants,
  ownerInCodeowners,
  suppressionReason,
  suppressionStale,
];

export { WILDCARD_RESOURCE_ALLOW_LIST } from './iam-wildcards.ts';
export { MANAGED_POLICY_ALLOW_LIST } from './iam-managed-policies.ts';
export type { PolicyRule } from './rule.ts';
