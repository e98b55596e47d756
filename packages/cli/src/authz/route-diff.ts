import type { ChangeDraft } from './change.ts';
import { describeAccess, sameAccess, type Access } from './route-access.ts';

/**
 * Route changes between two revisions of one app, from the manifests' declared access.
 * Fewer privileges needed to reach a route (public, a scope dropped) is the platform's call;
 * a new protected route is the app's; narrowing is routine.
 */
export function diffRoutes(base: ReadonlyMap<string, Access>, head: ReadonlyMap<string, Access>): ChangeDraft[] {
  const changes: ChangeDraft[] = [];
  for (const [key, after] of head) {
    const before = base.get(key);
    if (!before) changes.push(routeAdded(key, after));
    else if (!sameAccess(before, after)) changes.push(...accessChanged(key, before, after));
  }
  for (const [key, before] of base) {
    if (!head.has(key)) {
      changes.push({
        subject: key,
        anchor: key,
        kind: 'route-removed',
        review: 'routine',
        title: `route removed (was ${describeAccess(before)})`,
        reason: 'nothing becomes reachable',
      });
    }
  }
  return changes;
}

function routeAdded(key: string, access: Access): ChangeDraft {
  if (access.kind === 'public') {
    return {
      subject: key,
      anchor: key,
      kind: 'route-public',
      review: 'platform',
      title: 'new public route',
      reason: `anyone may call it without a token; stated reason: “${access.reason ?? 'none'}”`,
    };
  }
  if (access.kind === 'denied') {
    return {
      subject: key,
      anchor: key,
      kind: 'route-added',
      review: 'routine',
      title: 'new route, denied to everyone',
      reason: 'no caller can reach it',
    };
  }
  return {
    subject: key,
    anchor: key,
    kind: 'route-added',
    review: 'app-owner',
    title: `new route requiring ${describeAccess(access)}`,
    reason:
      access.scopes.length === 0
        ? 'any valid token reaches it: the app owner decides its data needs no scope'
        : 'the app exposes a new operation under its own scopes',
  };
}

function accessChanged(key: string, before: Access, after: Access): ChangeDraft[] {
  const subject = { subject: key, anchor: key };
  if (after.kind === 'public') {
    return [
      {
        ...subject,
        kind: 'route-public',
        review: 'platform',
        title: `became public (was ${describeAccess(before)})`,
        reason: `anyone may now call it without a token; stated reason: “${after.reason ?? 'none'}”`,
      },
    ];
  }
  if (after.kind === 'denied') {
    return [
      {
        ...subject,
        kind: 'route-protected',
        review: 'routine',
        title: `now denied to everyone (was ${describeAccess(before)})`,
        reason: 'no caller can reach it',
      },
    ];
  }
  if (before.kind !== 'scopes') {
    return [
      {
        ...subject,
        kind: 'route-protected',
        review: 'routine',
        title: `now requires ${describeAccess(after)} (was ${describeAccess(before)})`,
        reason: 'callers need a token where they needed none',
      },
    ];
  }
  const removed = before.scopes.filter((scope) => !after.scopes.includes(scope));
  const added = after.scopes.filter((scope) => !before.scopes.includes(scope));
  const changes: ChangeDraft[] = [];
  if (removed.length > 0) {
    changes.push({
      ...subject,
      kind: 'scope-removed',
      review: 'platform',
      title: `scope requirement removed: ${removed.map((s) => `\`${s}\``).join(', ')} (now ${describeAccess(after)})`,
      reason: after.scopes.length === 0 ? 'any valid token now reaches it' : 'tokens without the removed scope now reach it',
    });
  }
  if (added.length > 0) {
    changes.push({
      ...subject,
      kind: 'scope-added',
      review: 'routine',
      title: `scope requirement added: ${added.map((s) => `\`${s}\``).join(', ')}`,
      reason: 'callers need more privileges than before',
    });
  }
  return changes;
}

/**
 * Where the template deploys a route differently from what the head manifest declares, or
 * where the deployed access changed while the declaration did not (a construct or CDK change,
 * as when a CDK release dropped authorizer scopes, aws-cdk#30444).
 */
export function diffDeployed(
  declaredHead: ReadonlyMap<string, Access>,
  deployedBase: ReadonlyMap<string, Access> | undefined,
  deployedHead: ReadonlyMap<string, Access> | undefined,
  declaredBase: ReadonlyMap<string, Access>,
): ChangeDraft[] {
  if (!deployedHead) return [];
  const changes: ChangeDraft[] = [];
  const keys = new Set([...declaredHead.keys(), ...deployedHead.keys()]);
  for (const key of keys) {
    const declared = declaredHead.get(key);
    const deployed = deployedHead.get(key);
    const before = deployedBase?.get(key);
    if (!sameAccess(declared, deployed)) {
      // Drift already present in the base is not this change's doing.
      if (deployedBase && sameAccess(before, deployed) && sameAccess(declaredBase.get(key), declared)) continue;
      changes.push({
        subject: key,
        anchor: key,
        kind: 'route-drift',
        review: deployedLooser(declared, deployed) ? 'platform' : 'app-owner',
        title: `deployed as ${describeAccess(deployed)} but declared ${describeAccess(declared)}`,
        reason: 'the synthesized template, not the manifest, is what API Gateway enforces',
      });
      continue;
    }
    if (deployedBase && before && declaredBase.has(key) && sameAccess(declaredBase.get(key), declared) && !sameAccess(before, deployed)) {
      changes.push({
        subject: key,
        anchor: key,
        kind: 'route-drift',
        review: 'platform',
        title: `deployed access changed from ${describeAccess(before)} to ${describeAccess(deployed)} without a manifest change`,
        reason: 'shared constructs or CDK changed how the route is authorized',
      });
    }
  }
  return changes;
}

/** Does `deployed` let in someone `declared` would keep out? */
function deployedLooser(declared: Access | undefined, deployed: Access | undefined): boolean {
  if (!deployed || deployed.kind === 'denied') return false;
  if (!declared || declared.kind === 'denied') return true;
  if (deployed.kind === 'public') return declared.kind !== 'public';
  if (declared.kind === 'public') return false;
  return declared.scopes.some((scope) => !deployed.scopes.includes(scope));
}
