import type { CfnTemplate } from '@frontdesk/gateway-core/policy';
import type { ChangeDraft } from './change.ts';
import { isObject, TemplatePaths } from './template-paths.ts';

/**
 * The shared authorizer's configuration as deployed: the `FRONTDESK_*` variables of the function
 * that carries `FRONTDESK_ISSUER` (the names RootGateway sets and the authorizer reads).
 */
function authorizerSettings(template: CfnTemplate | undefined): Record<string, string> | undefined {
  const paths = new TemplatePaths(template);
  for (const resource of Object.values(template?.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const environment = resource.Properties?.Environment;
    const variables = isObject(environment) && isObject(environment.Variables) ? environment.Variables : undefined;
    if (!variables || !('FRONTDESK_ISSUER' in variables)) continue;
    return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, paths.render(value)]));
  }
  return undefined;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const DPOP_STRENGTH: Readonly<Record<string, number>> = { off: 0, optional: 1, required: 2 };

/** Why a change of one setting matters; every one is the platform's (the authorizer serves every app). */
const SETTINGS: Readonly<Record<string, { label: string; explain: (before: string | undefined, after: string | undefined) => string }>> = {
  FRONTDESK_ISSUER: { label: 'issuer', explain: () => 'tokens from a different identity provider are trusted for every app' },
  FRONTDESK_AUDIENCE: {
    label: 'audiences',
    explain: (before, after) => {
      const added = list(after).filter((item) => !list(before).includes(item));
      return added.length > 0
        ? `tokens minted for ${added.join(', ')} are now accepted by every app`
        : 'fewer token audiences are accepted';
    },
  },
  FRONTDESK_ALGORITHMS: {
    label: 'algorithms',
    explain: (before, after) => {
      const added = list(after).filter((item) => !list(before).includes(item));
      return added.length > 0 ? `signatures with ${added.join(', ')} are now accepted` : 'fewer signature algorithms are accepted';
    },
  },
  FRONTDESK_DPOP: {
    label: 'DPoP mode',
    explain: (before, after) =>
      (DPOP_STRENGTH[after ?? 'off'] ?? 0) < (DPOP_STRENGTH[before ?? 'off'] ?? 0)
        ? 'weaker proof of possession: stolen bearer tokens work where they did not'
        : 'proof of possession is required more strictly',
  },
  FRONTDESK_CLOCK_TOLERANCE: {
    label: 'clock tolerance',
    explain: () => 'expired or not-yet-valid tokens are accepted for a different window',
  },
  FRONTDESK_JWKS_URI: { label: 'JWKS URI', explain: () => 'signing keys are fetched from a different place' },
  FRONTDESK_PUBLIC_URL: { label: 'public URL', explain: () => 'DPoP proofs are checked against a different origin (htu)' },
};

export function diffAuthorizerSettings(base: CfnTemplate | undefined, head: CfnTemplate | undefined): ChangeDraft[] {
  const before = authorizerSettings(base);
  const after = authorizerSettings(head);
  if (!before && !after) return [];
  if (!after)
    return [
      {
        subject: 'authorizer',
        kind: 'authorizer',
        review: 'platform',
        title: 'the shared authorizer function is gone from the shared stack',
        reason: 'every protected route of every app depends on it',
      },
    ];
  if (!before)
    return [
      {
        subject: 'authorizer',
        kind: 'authorizer',
        review: 'platform',
        title: 'a shared authorizer function appears',
        reason: 'it decides every protected route of every app',
      },
    ];
  const changes: ChangeDraft[] = [];
  for (const [name, { label, explain }] of Object.entries(SETTINGS)) {
    if (before[name] === after[name]) continue;
    changes.push({
      subject: `authorizer ${label}`,
      anchor: name,
      kind: 'authorizer',
      review: 'platform',
      title: `authorizer ${label}: ${before[name] ?? '(unset)'} → ${after[name] ?? '(unset)'}`,
      reason: explain(before[name], after[name]),
    });
  }
  return changes;
}
