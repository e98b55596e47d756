import { iamStatements } from '../iam.ts';
import { render } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/**
 * Actions that may use `"Resource": "*"` because the service offers no resource-level
 * permissions for them. Each entry says why; anything else with a wildcard is a finding.
 */
export const WILDCARD_RESOURCE_ALLOW_LIST: readonly { readonly actions: readonly string[]; readonly reason: string }[] = [
  {
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
    reason: 'X-Ray has no resource-level permissions; active tracing cannot be granted more narrowly.',
  },
  {
    actions: ['secretsmanager:GetRandomPassword'],
    reason: 'GetRandomPassword touches no secret and has no resource-level permissions; CDK grants it to every secret rotation function.',
  },
  {
    actions: ['cloudwatch:PutMetricData'],
    reason: 'CloudWatch metrics have no resource ARNs; grants are narrowed with the cloudwatch:namespace condition instead.',
  },
];

const allowListed = new Set(WILDCARD_RESOURCE_ALLOW_LIST.flatMap((entry) => entry.actions));

/** FD-IAM-001: no `*` or `service:*` actions, and no `*` resources outside the allow-list. */
export const iamWildcards: PolicyRule = {
  id: 'FD-IAM-001',
  title: 'No IAM statement allows "*" actions, "service:*" actions or "*" resources outside the reasoned allow-list',
  level: 'error',
  rationale:
    'Wildcards turn one compromised function into a compromised account and hide what an app really needs. The only "*" resources allowed are actions whose service has no resource-level permissions (X-Ray trace upload, CloudWatch PutMetricData).',
  fix: 'Grant the specific actions on the specific resource ARNs (use CDK grant* methods), or suppress with a reason in app.config.ts policy.suppressions',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      return iamStatements(stack.template, stack.stackName)
        .filter((statement) => statement.effect === 'Allow')
        .flatMap((statement) => {
          const actions = statement.actions.map(render);
          const problems: string[] = [];
          const wildActions = actions.filter((action) => action === '*' || /^[a-z0-9-]+:\*$/i.test(action));
          if (wildActions.length > 0) problems.push(`allows wildcard action ${wildActions.map((action) => `"${action}"`).join(', ')}`);
          if (statement.notActions.length > 0) problems.push('uses NotAction, which allows every other action');
          if (statement.notResources.length > 0) problems.push('uses NotResource, which allows every other resource');
          const starResource = statement.resources.some((resource) => render(resource) === '*');
          if (starResource) {
            const unlisted = actions.filter((action) => !allowListed.has(action));
            if (unlisted.length > 0) problems.push(`allows ${unlisted.map((action) => `"${action}"`).join(', ')} on resource "*"`);
          }
          return problems.map((problem) =>
            findingOf(this, {
              app: stack.app,
              resource: { path: statement.path, logicalId: statement.logicalId },
              message: `IAM statement in ${statement.logicalId} ${problem}`,
              ...(file === undefined ? {} : { file }),
            }),
          );
        });
    });
  },
};
