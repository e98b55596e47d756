import { asList, isObject, resourcesOfType, type CfnTemplate } from './template.ts';

/** One IAM statement found in a template, with the resource that carries it. */
export interface IamStatement {
  readonly logicalId: string;
  readonly path: string;
  readonly effect: string;
  readonly actions: readonly unknown[];
  readonly notActions: readonly unknown[];
  readonly resources: readonly unknown[];
  readonly notResources: readonly unknown[];
}

/**
 * Permission statements (not trust policies) of `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`
 * and the inline `Policies` of `AWS::IAM::Role`.
 */
export function iamStatements(template: CfnTemplate, stackName: string): IamStatement[] {
  const documents: { logicalId: string; path: string; document: unknown }[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const { logicalId, resource, path } of resourcesOfType(template, stackName, type)) {
      documents.push({ logicalId, path, document: resource.Properties?.PolicyDocument });
    }
  }
  for (const { logicalId, resource, path } of resourcesOfType(template, stackName, 'AWS::IAM::Role')) {
    for (const policy of asList(resource.Properties?.Policies)) {
      if (isObject(policy)) documents.push({ logicalId, path, document: policy.PolicyDocument });
    }
  }
  return documents.flatMap(({ logicalId, path, document }) =>
    isObject(document)
      ? asList(document.Statement)
          .filter(isObject)
          .map((statement) => ({
            logicalId,
            path,
            effect: String(statement.Effect ?? 'Allow'),
            actions: asList(statement.Action),
            notActions: asList(statement.NotAction),
            resources: asList(statement.Resource),
            notResources: asList(statement.NotResource),
          }))
      : [],
  );
}
