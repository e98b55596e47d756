import { resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** Resources that hold data nobody can recreate. */
const STATEFUL_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::S3::Bucket',
  'AWS::SQS::Queue',
  'AWS::SecretsManager::Secret',
] as const;

/** FD-DATA-003: in prod, stateful resources survive stack deletion and replacement. */
export const dataRetention: PolicyRule = {
  id: 'FD-DATA-003',
  title: 'In prod, tables, buckets, queues and secrets are retained when their stack deletes or replaces them',
  level: 'error',
  rationale:
    'CloudFormation deletes a resource without DeletionPolicy: Retain when the stack is deleted or the resource replaced — a renamed construct or a destroyed stack would erase production data. Previews are meant to be destroyed.',
  fix: 'Use the stage default (RemovalPolicy.RETAIN in dev and prod, as manifest-declared tables do), or set removalPolicy: RemovalPolicy.RETAIN',
  check(input) {
    if (input.stage !== 'prod') return [];
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      return STATEFUL_TYPES.flatMap((type) => resourcesOfType(stack.template, stack.stackName, type))
        .filter(({ resource }) => resource.DeletionPolicy !== 'Retain' || resource.UpdateReplacePolicy !== 'Retain')
        .map(({ logicalId, resource, path }) =>
          findingOf(this, {
            app: stack.app,
            resource: { path, logicalId },
            message: `${resource.Type} ${logicalId} is not retained in prod (DeletionPolicy ${resource.DeletionPolicy ?? 'Delete'}, UpdateReplacePolicy ${resource.UpdateReplacePolicy ?? 'Delete'})`,
            ...(file === undefined ? {} : { file }),
          }),
        );
    });
  },
};
