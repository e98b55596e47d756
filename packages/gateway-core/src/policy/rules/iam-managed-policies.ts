import { asList, render, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** AWS-managed policies that may be attached, each with the reason; every other role states its own permissions. */
export const MANAGED_POLICY_ALLOW_LIST: readonly { readonly policy: string; readonly reason: string }[] = [
  {
    policy: 'service-role/AWSCodeDeployRoleForLambdaLimited',
    reason:
      'The service role CodeDeploy needs to shift an alias gradually; AWS keeps this Limited variant to alias updates, CodeDeployHook_* functions and alarm reads.',
  },
];

const AWS_MANAGED = /:iam::aws:policy\/(.+)$/;

/** FD-IAM-002: no AWS-managed policies except the listed ones. */
export const iamManagedPolicies: PolicyRule = {
  id: 'FD-IAM-002',
  title: 'No AWS-managed IAM policies except where listed',
  level: 'error',
  rationale:
    'AWS-managed policies change under you and grant more than one app needs (AWSLambdaBasicExecutionRole writes to every log group). Roles state their own least-privilege statements instead; the one exception is CodeDeploy’s AWSCodeDeployRoleForLambdaLimited service role for gradual deployments.',
  fix: 'Replace the managed policy with explicit statements scoped to the app’s own resources (e.g. its own log group)',
  check(input) {
    const allowed = new Set(MANAGED_POLICY_ALLOW_LIST.map((entry) => entry.policy));
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      const holders = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].flatMap((type) =>
        resourcesOfType(stack.template, stack.stackName, type),
      );
      return holders.flatMap(({ logicalId, resource, path }) =>
        asList(resource.Properties?.ManagedPolicyArns)
          .map((arn) => AWS_MANAGED.exec(render(arn))?.[1])
          .filter((name): name is string => name !== undefined && !allowed.has(name))
          .map((name) =>
            findingOf(this, {
              app: stack.app,
              resource: { path, logicalId },
              message: `${logicalId} attaches the AWS-managed policy "${name}"`,
              ...(file === undefined ? {} : { file }),
            }),
          ),
      );
    });
  },
};
