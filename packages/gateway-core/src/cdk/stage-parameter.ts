import { CfnParameter, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * A deploy-time read of the shared layer's SSM parameter `name`: a template parameter of type
 * `AWS::SSM::Parameter::Value<String>` whose default is `name` and whose only allowed value is
 * `name`, so `cdk deploy --parameters …` cannot point the stack at another parameter.
 *
 * AWS documents that CloudFormation validates a Systems Manager parameter type's *key* (the
 * name), not its value — "CloudFormation can perform validation on Systems Manager parameter
 * keys, but not on their corresponding values"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/systems-manager-parameter-types.html) —
 * which is exactly what `AllowedValues` pins here. One template parameter per name and stack.
 */
export function stageParameterValue(scope: Construct, name: string): string {
  const stack = Stack.of(scope);
  const id = `FrontdeskParameter${name.replace(/[^A-Za-z0-9]/g, '')}`;
  const existing = stack.node.tryFindChild(id);
  const parameter =
    existing instanceof CfnParameter
      ? existing
      : new CfnParameter(stack, id, {
          type: 'AWS::SSM::Parameter::Value<String>',
          default: name,
          allowedValues: [name],
          description: `Published by the Frontdesk shared stack; resolved by CloudFormation at deploy time (SSM ${name})`,
        });
  return parameter.valueAsString;
}
