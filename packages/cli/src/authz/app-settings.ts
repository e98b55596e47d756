import type { CfnTemplate } from '@frontdesk/gateway-core/policy';
import type { ChangeDraft } from './change.ts';
import { isObject } from './template-paths.ts';

/** Manifest fields with a reviewer of their own below; every other field is compared generically. */
const SPECIFIC_FIELDS = new Set(['name', 'owner', 'basePath', 'routes', 'throttle', 'authorizer', 'policy', 'description']);

type Manifest = Record<string, unknown>;

export function diffOwnership(base: Manifest, head: Manifest): ChangeDraft[] {
  const changes: ChangeDraft[] = [];
  if (base.basePath !== head.basePath) {
    changes.push({
      subject: 'basePath',
      anchor: 'basePath',
      kind: 'base-path',
      review: 'app-owner',
      title: `base path /${String(base.basePath)} → /${String(head.basePath)}`,
      reason: 'every caller’s URL changes; shadowing of other apps is refused by the workspace check',
    });
  }
  if (base.owner !== head.owner) {
    changes.push({
      subject: 'owner',
      anchor: 'owner',
      kind: 'owner',
      review: 'platform',
      title: `owner ${String(base.owner)} → ${String(head.owner)}`,
      reason: 'who approves this app’s changes moves with it (CODEOWNERS)',
    });
  }
  return changes;
}

interface Throttle {
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

/** The stage's default route throttling as deployed. */
function deployedThrottle(template: CfnTemplate | undefined): Throttle | undefined {
  for (const resource of Object.values(template?.Resources ?? {})) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Stage') continue;
    const settings = resource.Properties?.DefaultRouteSettings;
    if (!isObject(settings)) return {};
    return {
      ...(typeof settings.ThrottlingRateLimit === 'number' ? { rateLimit: settings.ThrottlingRateLimit } : {}),
      ...(typeof settings.ThrottlingBurstLimit === 'number' ? { burstLimit: settings.ThrottlingBurstLimit } : {}),
    };
  }
  return undefined;
}

/** Throttling removed (in the template) or raised (in the manifest). */
export function diffThrottle(base: Manifest, head: Manifest, baseTemplate?: CfnTemplate, headTemplate?: CfnTemplate): ChangeDraft[] {
  const changes: ChangeDraft[] = [];
  const before = baseTemplate ? deployedThrottle(baseTemplate) : undefined;
  const after = headTemplate ? deployedThrottle(headTemplate) : undefined;
  for (const limit of ['rateLimit', 'burstLimit'] as const) {
    if (before?.[limit] !== undefined && after !== undefined && after[limit] === undefined) {
      changes.push({
        subject: 'throttle',
        anchor: 'throttle',
        kind: 'throttle',
        review: 'platform',
        title: `default ${limit} throttling removed from the deployed stage`,
        reason: 'without it one caller can exhaust the account’s API Gateway and Lambda concurrency for every app',
      });
    }
  }
  const declared = (manifest: Manifest) => (isObject(manifest.throttle) ? (manifest.throttle as Throttle) : {});
  for (const limit of ['rateLimit', 'burstLimit'] as const) {
    const from = declared(base)[limit];
    const to = declared(head)[limit];
    if (from === to || from === undefined || to === undefined) continue;
    changes.push(
      to > from
        ? {
            subject: 'throttle',
            anchor: 'throttle',
            kind: 'throttle',
            review: 'app-owner',
            title: `throttle ${limit} raised ${from} → ${to}`,
            reason: 'more load reaches the app’s function and its downstreams',
          }
        : {
            subject: 'throttle',
            anchor: 'throttle',
            kind: 'throttle',
            review: 'routine',
            title: `throttle ${limit} lowered ${from} → ${to}`,
            reason: 'less load reaches the app',
          },
    );
  }
  return changes;
}

interface DeployedAuthorizer {
  readonly ttl?: number;
  readonly identitySources: readonly string[];
}

function deployedAuthorizer(template: CfnTemplate | undefined): DeployedAuthorizer | undefined {
  for (const resource of Object.values(template?.Resources ?? {})) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Authorizer') continue;
    const props = resource.Properties ?? {};
    return {
      ...(typeof props.AuthorizerResultTtlInSeconds === 'number' ? { ttl: props.AuthorizerResultTtlInSeconds } : {}),
      identitySources: Array.isArray(props.IdentitySource) ? props.IdentitySource.map(String) : [],
    };
  }
  return undefined;
}

/**
 * The app's authorizer cache: a longer TTL reuses one decision for longer; an identity source
 * dropped (the route key) lets a decision made for one route serve another.
 */
export function diffAuthorizerCache(base: Manifest, head: Manifest, baseTemplate?: CfnTemplate, headTemplate?: CfnTemplate): ChangeDraft[] {
  const ttl = (manifest: Manifest) =>
    isObject(manifest.authorizer) && typeof manifest.authorizer.cacheTtlSeconds === 'number' ? manifest.authorizer.cacheTtlSeconds : 0;
  const changes: ChangeDraft[] = [];
  const from = ttl(base);
  const to = ttl(head);
  if (to > from) {
    changes.push({
      subject: 'authorizer',
      anchor: 'cacheTtlSeconds',
      kind: 'authorizer-cache',
      review: 'platform',
      title: `authorizer cache TTL ${from} s → ${to} s`,
      reason: 'a decision (and a revoked token) is reused for longer without the authorizer re-checking it',
    });
  } else if (to < from) {
    changes.push({
      subject: 'authorizer',
      anchor: 'cacheTtlSeconds',
      kind: 'authorizer-cache',
      review: 'routine',
      title: `authorizer cache TTL ${from} s → ${to} s`,
      reason: 'decisions are re-checked sooner',
    });
  }
  const before = deployedAuthorizer(baseTemplate);
  const after = deployedAuthorizer(headTemplate);
  if (before && after) {
    const dropped = before.identitySources.filter((source) => !after.identitySources.includes(source));
    if (dropped.length > 0 && (after.ttl ?? 0) > 0) {
      changes.push({
        subject: 'authorizer',
        anchor: 'authorizer',
        kind: 'authorizer-cache',
        review: 'platform',
        title: `identity sources no longer include ${dropped.join(', ')} while caching`,
        reason: 'a cached decision made for one request may now serve requests that differ in the dropped source',
      });
    }
    if (before.ttl !== after.ttl && from === to) {
      changes.push({
        subject: 'authorizer',
        anchor: 'authorizer',
        kind: 'authorizer-cache',
        review: (after.ttl ?? 0) > (before.ttl ?? 0) ? 'platform' : 'routine',
        title: `deployed authorizer cache TTL ${before.ttl ?? 'default'} → ${after.ttl ?? 'default'} without a manifest change`,
        reason: 'shared constructs changed the app’s authorizer caching',
      });
    }
  }
  return changes;
}

/** Suppressions of policy-lint findings: acknowledging a finding is the platform's decision. */
export function diffSuppressions(base: Manifest, head: Manifest): ChangeDraft[] {
  const list = (manifest: Manifest) => {
    const policy = isObject(manifest.policy) ? manifest.policy : {};
    return (Array.isArray(policy.suppressions) ? policy.suppressions : []).filter(isObject) as {
      rule?: string;
      resource?: string;
      reason?: string;
    }[];
  };
  const key = (entry: { rule?: string; resource?: string }) => `${entry.rule} @ ${entry.resource}`;
  const before = new Set(list(base).map(key));
  return list(head)
    .filter((entry) => !before.has(key(entry)))
    .map((entry) => ({
      subject: 'policy.suppressions',
      anchor: entry.rule,
      kind: 'suppression' as const,
      review: 'platform' as const,
      title: `policy finding acknowledged: ${entry.rule} on ${entry.resource}`,
      reason: `a lint finding stops failing the build; stated reason: “${entry.reason ?? 'none'}”`,
    }));
}

/**
 * Every other manifest field (environment, function, secrets, alarms, deployment and whatever a
 * later manifest adds), compared as JSON: the app owner's call. What it grants shows up in the
 * template's IAM statements, which `diffGrants` classifies on its own.
 */
export function diffOtherFields(base: Manifest, head: Manifest): ChangeDraft[] {
  const fields = new Set([...Object.keys(base), ...Object.keys(head)].filter((field) => !SPECIFIC_FIELDS.has(field)));
  const changes: ChangeDraft[] = [];
  for (const field of [...fields].sort()) {
    const paths = changedPaths(base[field], head[field], field);
    if (paths.length === 0) continue;
    changes.push({
      subject: field,
      anchor: field,
      kind: 'manifest-field',
      review: 'app-owner',
      title: `${field} changed: ${paths.slice(0, 6).join(', ')}${paths.length > 6 ? `, … (${paths.length})` : ''}`,
      reason: 'the app’s own configuration; what it grants is listed as grants',
    });
  }
  return changes;
}

/** Leaf paths that differ, marked + (added), − (removed) or ~ (changed). */
function changedPaths(a: unknown, b: unknown, path: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a === undefined) return [`+${path}`];
  if (b === undefined) return [`−${path}`];
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((key) => changedPaths(a[key], b[key], `${path}.${key}`));
  }
  return [`~${path}`];
}
