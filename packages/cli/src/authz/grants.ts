import { MANAGED_POLICY_ALLOW_LIST, WILDCARD_RESOURCE_ALLOW_LIST, type CfnTemplate } from '@frontdesk/gateway-core/policy';
import type { ChangeDraft } from './change.ts';
import { asList, isObject, TemplatePaths } from './template-paths.ts';

/**
 * IAM permissions of a template as single grants — one principal, one effect, one action, one
 * resource — so a diff says exactly which pair is new. Read from every `AWS::IAM::Policy`,
 * `AWS::IAM::ManagedPolicy`, inline `Policies` and `ManagedPolicyArns` of `AWS::IAM::Role`:
 * whatever a construct (today's tables and secrets, tomorrow's queues) grants shows up here
 * without this file knowing about it.
 */
export interface Grant {
  /** The role's short construct path (`App/FunctionRole`), or the policy's when it names no role. */
  readonly principal: string;
  readonly effect: 'Allow' | 'Deny';
  /** An action, `NotAction:<action>`, or `ManagedPolicy` for an attached managed policy. */
  readonly action: string;
  /** The resource as readable text, `NotResource:<resource>`, or the managed policy ARN. */
  readonly resource: string;
  /** Resource paths of this template the grant points at (empty: outside the stack or `*`). */
  readonly targets: readonly string[];
}

function grantKey(grant: Grant): string {
  return `${grant.principal}|${grant.effect}|${grant.action}|${grant.resource}`;
}

export function grantsOf(template: CfnTemplate | undefined): Grant[] {
  const paths = new TemplatePaths(template);
  const grants: Grant[] = [];
  const fromDocument = (principals: string[], document: unknown) => {
    if (!isObject(document)) return;
    for (const statement of asList(document.Statement).filter(isObject)) {
      const effect = statement.Effect === 'Deny' ? 'Deny' : 'Allow';
      const actions = [
        ...asList(statement.Action).map((a) => paths.render(a)),
        ...asList(statement.NotAction).map((a) => `NotAction:${paths.render(a)}`),
      ];
      const resources = [
        ...asList(statement.Resource).map((r) => ({ text: paths.render(r), targets: paths.referencedPaths(r) })),
        ...asList(statement.NotResource).map((r) => ({ text: `NotResource:${paths.render(r)}`, targets: [] })),
      ];
      for (const principal of principals) {
        for (const action of actions) {
          for (const resource of resources) grants.push({ principal, effect, action, resource: resource.text, targets: resource.targets });
        }
      }
    }
  };
  for (const [logicalId, resource] of Object.entries(template?.Resources ?? {})) {
    const self = paths.pathOf(logicalId) ?? logicalId;
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = asList(props.Roles).flatMap((role) => paths.referencedPaths(role));
      fromDocument(roles.length > 0 ? roles : [self], props.PolicyDocument);
    } else if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of asList(props.Policies).filter(isObject)) fromDocument([self], policy.PolicyDocument);
      for (const arn of asList(props.ManagedPolicyArns)) {
        grants.push({
          principal: self,
          effect: 'Allow',
          action: 'ManagedPolicy',
          resource: paths.render(arn),
          targets: paths.referencedPaths(arn),
        });
      }
    }
  }
  return dedupe(grants);
}

function dedupe(grants: Grant[]): Grant[] {
  const seen = new Map<string, Grant>();
  for (const grant of grants) if (!seen.has(grantKey(grant))) seen.set(grantKey(grant), grant);
  return [...seen.values()];
}

const SECRET_ACTION = /^(secretsmanager:|ssm:GetParameter|kms:Decrypt)/i;

/** Is the grant wider than one action on named resources? */
function wildcardIn(grant: Grant): string | undefined {
  if (grant.action === 'ManagedPolicy') return `attaches the managed policy ${grant.resource}`;
  if (grant.action.startsWith('NotAction:')) return `allows every action except ${grant.action.slice(10)}`;
  if (grant.resource.startsWith('NotResource:')) return `applies to every resource except ${grant.resource.slice(12)}`;
  if (grant.action.includes('*')) return `the action ${grant.action} is a wildcard`;
  if (grant.resource === '*' || /\*/.test(grant.resource.replace(/\$\{[^}]*\}/g, '')))
    return `the resource ${grant.resource} is a wildcard`;
  return undefined;
}

/** The policy lint's reasoned allow-lists (X-Ray's `*`, CodeDeploy's limited role): the reason, when one covers the grant. */
function sanctionedBy(grant: Grant): string | undefined {
  if (grant.action === 'ManagedPolicy')
    return MANAGED_POLICY_ALLOW_LIST.find((entry) => grant.resource.endsWith(`:iam::aws:policy/${entry.policy}`))?.reason;
  if (grant.resource !== '*') return undefined;
  return WILDCARD_RESOURCE_ALLOW_LIST.find((entry) => entry.actions.includes(grant.action))?.reason;
}

/**
 * Grants added, widened and removed between two templates of the same stack.
 *
 * - A wildcard, a managed policy, a `NotAction`/`NotResource`, an Allow on a resource that
 *   already existed or lives outside the stack, a removed Deny, and anything in the shared stack
 *   widen what a principal may do → platform owner.
 * - An Allow on a resource this same change creates (a new table, a new secret) is the app's
 *   own new resource → app owner.
 * - A removed Allow narrows → routine.
 */
export function diffGrants(base: CfnTemplate | undefined, head: CfnTemplate | undefined, shared: boolean): ChangeDraft[] {
  const before = new Map(grantsOf(base).map((grant) => [grantKey(grant), grant]));
  const after = new Map(grantsOf(head).map((grant) => [grantKey(grant), grant]));
  const baseResources = new TemplatePaths(base).paths();
  const changes: ChangeDraft[] = [];
  for (const [key, grant] of after) {
    if (before.has(key)) continue;
    const what = `${grant.principal} ${grant.effect === 'Deny' ? 'is denied' : 'may'} ${grant.action === 'ManagedPolicy' ? 'use' : grant.action} on ${grant.resource}`;
    if (grant.effect === 'Deny') {
      changes.push({
        subject: grant.principal,
        kind: 'grant-removed',
        review: 'routine',
        title: `new deny: ${what}`,
        reason: 'a Deny only narrows what the principal may do',
      });
      continue;
    }
    const sanctioned = sanctionedBy(grant);
    const wildcard = sanctioned ? undefined : wildcardIn(grant);
    const newTargets = grant.targets.length > 0 && grant.targets.every((target) => !baseResources.has(target));
    const secret = SECRET_ACTION.test(grant.action);
    if (wildcard) {
      changes.push({
        subject: grant.principal,
        kind: 'grant-widened',
        review: 'platform',
        title: `grant widened: ${what}`,
        reason: `${wildcard}; least privilege names actions and resources`,
      });
    } else if (shared) {
      changes.push({
        subject: grant.principal,
        kind: 'grant-widened',
        review: 'platform',
        title: `grant added to the shared stack: ${what}`,
        reason: 'the shared layer serves every app; its permissions are the platform’s',
      });
    } else if (sanctioned) {
      changes.push({
        subject: grant.principal,
        kind: 'grant-added',
        review: 'app-owner',
        title: `grant added: ${what}`,
        reason: `on the policy lint's allow-list: ${sanctioned}`,
      });
    } else if (newTargets) {
      changes.push({
        subject: grant.principal,
        kind: 'grant-added',
        review: 'app-owner',
        title: `${secret ? 'new secret grant' : 'new resource grant'}: ${what}`,
        reason: `${grant.targets.join(', ')} is created by this change inside the app's own stack`,
      });
    } else {
      changes.push({
        subject: grant.principal,
        kind: 'grant-widened',
        review: 'platform',
        title: `grant widened: ${what}`,
        reason:
          grant.targets.length > 0
            ? `${grant.targets.join(', ')} existed before: the principal gains access to it`
            : 'the resource is outside this stack',
      });
    }
  }
  for (const [key, grant] of before) {
    if (after.has(key)) continue;
    const what = `${grant.principal} ${grant.action === 'ManagedPolicy' ? 'use' : grant.action} on ${grant.resource}`;
    if (grant.effect === 'Deny') {
      changes.push({
        subject: grant.principal,
        kind: 'grant-widened',
        review: 'platform',
        title: `deny removed: ${what}`,
        reason: 'removing a Deny widens what the principal may do',
      });
    } else {
      changes.push({
        subject: grant.principal,
        kind: 'grant-removed',
        review: 'routine',
        title: `grant removed: ${what}`,
        reason: 'removing a grant only narrows access',
      });
    }
  }
  return changes;
}

/**
 * Resource policies that let someone other than API Gateway invoke a function
 * (`AWS::Lambda::Permission`). Per-route API Gateway permissions are wiring and stay quiet.
 */
export function diffInvokePermissions(base: CfnTemplate | undefined, head: CfnTemplate | undefined): ChangeDraft[] {
  const of = (template: CfnTemplate | undefined) => {
    const paths = new TemplatePaths(template);
    const found = new Map<string, string>();
    for (const resource of Object.values(template?.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Permission') continue;
      const props = resource.Properties ?? {};
      const principal = paths.render(props.Principal);
      if (principal === 'apigateway.amazonaws.com' && props.SourceArn !== undefined) continue;
      const text = `${principal} may ${paths.render(props.Action)} on ${paths.render(props.FunctionName)}${props.SourceArn === undefined ? ' from any source' : ` from ${paths.render(props.SourceArn)}`}`;
      found.set(text, text);
    }
    return found;
  };
  const before = of(base);
  return [...of(head).keys()]
    .filter((text) => !before.has(text))
    .map((text) => ({
      subject: 'resource policy',
      kind: 'resource-policy' as const,
      review: 'platform' as const,
      title: `function invocable by a new principal: ${text}`,
      reason: 'a resource policy beyond API Gateway’s own route wiring lets callers bypass the authorizer',
    }));
}
