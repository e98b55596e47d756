import { isObject, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** FD-OPS-003: every function traces with X-Ray (active tracing). */
export const tracing: PolicyRule = {
  id: 'FD-OPS-003',
  title: 'Every Lambda function has X-Ray active tracing',
  level: 'error',
  rationale:
    'A request crosses the authorizer and an app function; active tracing is what ties their latency and errors to one request across teams.',
  fix: 'Set tracing: Tracing.ACTIVE on the function (AppApi and RootGateway do for theirs)',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      return resourcesOfType(stack.template, stack.stackName, 'AWS::Lambda::Function')
        .filter(({ resource }) => {
          const config = resource.Properties?.TracingConfig;
          return !isObject(config) || config.Mode !== 'Active';
        })
        .map(({ logicalId, path }) =>
          findingOf(this, {
            app: stack.app,
            resource: { path, logicalId },
            message: `Lambda function ${logicalId} does not have X-Ray active tracing`,
            ...(file === undefined ? {} : { file }),
          }),
        );
    });
  },
};
