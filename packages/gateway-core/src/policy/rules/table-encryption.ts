import { isObject, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** FD-DATA-001: every DynamoDB table is encrypted with a KMS key. */
export const tableEncryption: PolicyRule = {
  id: 'FD-DATA-001',
  title: 'Every DynamoDB table is encrypted with a KMS key (AWS-managed or customer-managed)',
  level: 'error',
  rationale:
    'Without SSESpecification.SSEEnabled a table is encrypted with a key AWS owns, whose use no CloudTrail log shows and no key policy governs (AWS: "Encryption at rest in DynamoDB"). The AWS-managed aws/dynamodb key costs nothing extra and makes every decrypt auditable.',
  fix: 'Declare the table in app.config.ts `tables` (encrypted by default), or set encryption: TableEncryption.AWS_MANAGED (or CUSTOMER_MANAGED)',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      const tables = [
        ...resourcesOfType(stack.template, stack.stackName, 'AWS::DynamoDB::Table'),
        ...resourcesOfType(stack.template, stack.stackName, 'AWS::DynamoDB::GlobalTable'),
      ];
      return tables
        .filter(({ resource }) => {
          const sse = resource.Properties?.SSESpecification;
          return !(isObject(sse) && sse.SSEEnabled === true);
        })
        .map(({ logicalId, path }) =>
          findingOf(this, {
            app: stack.app,
            resource: { path, logicalId },
            message: `DynamoDB table ${logicalId} is not encrypted with a KMS key (SSESpecification.SSEEnabled is not true)`,
            ...(file === undefined ? {} : { file }),
          }),
        );
    });
  },
};
