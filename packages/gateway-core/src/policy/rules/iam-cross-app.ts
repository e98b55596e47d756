import { SHARED_APP } from '../input.ts';
import { iamStatements } from '../iam.ts';
import { references, render, type CfnTemplate } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** Shared parameters (and secrets) live under `/frontdesk/<stage>/…`; `<app>/…` below it belongs to that app. */
const SHARED_PATH = /(?:parameter|secret:)\/?frontdesk\/[^/]+\/(.*)$/;

/**
 * What a statement's resource reaches, from app `app`'s point of view:
 * `own` (a resource of its own stack), `shared` (a `/frontdesk/<stage>/` parameter not
 * namespaced to another app) or `foreign` with the rendered ARN.
 */
export function classifyResource(
  resource: unknown,
  template: CfnTemplate,
  app: string,
  otherApps: ReadonlySet<string>,
): { kind: 'own' | 'shared' | 'wildcard' } | { kind: 'foreign'; arn: string } {
  const text = render(resource);
  if (text === '*') return { kind: 'wildcard' };
  const refs = references(resource);
  const resources = template.Resources ?? {};
  if (refs.some((id) => id in resources)) return { kind: 'own' };
  // Only a literal /frontdesk/<stage>/ parameter ARN is a shared parameter. A Ref to an SSM-typed
  // template parameter is that parameter's value (e.g. a function ARN), which may name anything.
  for (const candidate of [text]) {
    const shared = SHARED_PATH.exec(candidate);
    if (!shared) continue;
    const segments = (shared[1] as string).split('/');
    const owner = segments[0] === 'apps' ? segments[1] : segments[0];
    if (owner !== undefined && owner !== app && otherApps.has(owner)) return { kind: 'foreign', arn: text };
    return { kind: 'shared' };
  }
  return { kind: 'foreign', arn: text };
}

/** FD-IAM-003: an app's roles reach only the app's own resources and the shared parameters. */
export const iamCrossApp: PolicyRule = {
  id: 'FD-IAM-003',
  title: 'No cross-app grants: an app reaches only its own resources and the shared /frontdesk/<stage>/ parameters',
  level: 'error',
  rationale:
    'Apps are owned and deployed independently; a grant into another app’s resources couples their deployments and lets one team’s bug or breach reach another’s data. Shared values flow through the /frontdesk/<stage>/ parameters the shared stack publishes.',
  fix: 'Grant only resources defined in the app’s own stack; read shared values from /frontdesk/<stage>/ parameters; call another app through its API',
  check(input) {
    const appNames = new Set(input.apps.map((app) => app.manifest.name));
    return (input.stacks ?? [])
      .filter((stack) => stack.app !== SHARED_APP)
      .flatMap((stack) => {
        const { file } = stackOwner(input, stack);
        const others = new Set([...appNames].filter((name) => name !== stack.app));
        return iamStatements(stack.template, stack.stackName)
          .filter((statement) => statement.effect === 'Allow')
          .flatMap((statement) =>
            statement.resources.flatMap((resource) => {
              const reach = classifyResource(resource, stack.template, stack.app, others);
              if (reach.kind !== 'foreign') return [];
              return [
                findingOf(this, {
                  app: stack.app,
                  resource: { path: statement.path, logicalId: statement.logicalId },
                  message: `IAM statement in ${statement.logicalId} reaches "${reach.arn}", which is neither a resource of app "${stack.app}" nor a shared /frontdesk/<stage>/ parameter`,
                  ...(file === undefined ? {} : { file }),
                }),
              ];
            }),
          );
      });
  },
};
