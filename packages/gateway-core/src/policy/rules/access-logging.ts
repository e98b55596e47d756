import { isObject, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** FD-OPS-001: every HTTP API stage writes access logs. */
export const accessLogging: PolicyRule = {
  id: 'FD-OPS-001',
  title: 'Every HTTP API stage writes access logs',
  level: 'error',
  rationale:
    'Access logs are the audit trail of who called what and what the authorizer decided; without them an incident cannot be reconstructed.',
  fix: 'Set AccessLogSettings (DestinationArn and Format) on the stage; AppApi does this with JSON access logs',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      return resourcesOfType(stack.template, stack.stackName, 'AWS::ApiGatewayV2::Stage')
        .filter(({ resource }) => {
          const settings = resource.Properties?.AccessLogSettings;
          return !isObject(settings) || settings.DestinationArn === undefined || settings.Format === undefined;
        })
        .map(({ logicalId, path }) =>
          findingOf(this, {
            app: stack.app,
            resource: { path, logicalId },
            message: `HTTP API stage ${logicalId} has no access log destination and format`,
            ...(file === undefined ? {} : { file }),
          }),
        );
    });
  },
};
