import { isObject, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** FD-DATA-002: in prod, every DynamoDB table has point-in-time recovery. */
export const tableRecovery: PolicyRule = {
  id: 'FD-DATA-002',
  title: 'In prod, every DynamoDB table has point-in-time recovery',
  level: 'error',
  rationale:
    'A bad deploy or a wrong script can overwrite a production table in seconds; point-in-time recovery restores it to any second of the recovery period. Previews hold test data and may go without.',
  fix: 'Declare the table in app.config.ts `tables` (35 days of recovery in prod), or set pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }',
  check(input) {
    if (input.stage !== 'prod') return [];
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      return resourcesOfType(stack.template, stack.stackName, 'AWS::DynamoDB::Table')
        .filter(({ resource }) => {
          const pitr = resource.Properties?.PointInTimeRecoverySpecification;
          return !(isObject(pitr) && pitr.PointInTimeRecoveryEnabled === true);
        })
        .map(({ logicalId, path }) =>
          findingOf(this, {
            app: stack.app,
            resource: { path, logicalId },
            message: `DynamoDB table ${logicalId} has no point-in-time recovery in prod`,
            ...(file === undefined ? {} : { file }),
          }),
        );
    });
  },
};
