import { isObject, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

const positive = (value: unknown): boolean => typeof value === 'number' && value > 0;

/** FD-OPS-002: every HTTP API stage throttles by default. */
export const defaultThrottling: PolicyRule = {
  id: 'FD-OPS-002',
  title: 'Every HTTP API stage has default route throttling',
  level: 'error',
  rationale:
    'Without a default rate and burst limit one noisy client can exhaust the account-wide API Gateway and Lambda concurrency every other app shares.',
  fix: 'Set throttle { rateLimit, burstLimit } in app.config.ts; AppApi writes them to the stage’s DefaultRouteSettings',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      return resourcesOfType(stack.template, stack.stackName, 'AWS::ApiGatewayV2::Stage')
        .filter(({ resource }) => {
          const settings = resource.Properties?.DefaultRouteSettings;
          return !isObject(settings) || !positive(settings.ThrottlingRateLimit) || !positive(settings.ThrottlingBurstLimit);
        })
        .map(({ logicalId, path }) =>
          findingOf(this, {
            app: stack.app,
            resource: { path, logicalId },
            message: `HTTP API stage ${logicalId} has no default throttling (DefaultRouteSettings.ThrottlingRateLimit and ThrottlingBurstLimit)`,
            ...(file === undefined ? {} : { file, anchor: 'throttle' }),
          }),
        );
    });
  },
};
