import type { Finding } from '../finding.ts';
import { isObject, references, render, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** FD-OPS-004: every log group has a retention, and every function logs to such a group. */
export const logRetention: PolicyRule = {
  id: 'FD-OPS-004',
  title: 'Every log group has bounded retention, and every function logs to one',
  level: 'error',
  rationale:
    'Logs kept forever cost forever and keep personal data longer than anyone decided. A function without an explicit log group logs to one Lambda creates on first invoke, with no retention, outside the stack (and left behind when a preview is destroyed).',
  fix: 'Give the function an explicit LogGroup with retention (logGroup: new LogGroup(…, { retention })) and set RetentionInDays on every log group',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      const located = file === undefined ? {} : { file };
      const findings: Finding[] = [];
      const groups = resourcesOfType(stack.template, stack.stackName, 'AWS::Logs::LogGroup');
      for (const { logicalId, resource, path } of groups) {
        if (typeof resource.Properties?.RetentionInDays !== 'number') {
          findings.push(
            findingOf(this, {
              app: stack.app,
              resource: { path, logicalId },
              message: `log group ${logicalId} keeps logs forever (no RetentionInDays)`,
              ...located,
            }),
          );
        }
      }
      const groupIds = new Set(groups.map(({ logicalId }) => logicalId));
      const retained = resourcesOfType(stack.template, stack.stackName, 'Custom::LogRetention').map(({ resource }) =>
        render(resource.Properties?.LogGroupName),
      );
      for (const { logicalId, resource, path } of resourcesOfType(stack.template, stack.stackName, 'AWS::Lambda::Function')) {
        const logging = resource.Properties?.LoggingConfig;
        const explicit = isObject(logging) && references(logging.LogGroup).some((id) => groupIds.has(id));
        const viaCustomResource = retained.some((name) => name.includes(`\${${logicalId}}`));
        if (!explicit && !viaCustomResource) {
          findings.push(
            findingOf(this, {
              app: stack.app,
              resource: { path, logicalId },
              message: `Lambda function ${logicalId} logs to an implicit log group with no retention`,
              ...located,
            }),
          );
        }
      }
      return findings;
    });
  },
};
