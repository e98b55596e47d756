import { SHARED_APP } from '../input.ts';
import { iamStatements } from '../iam.ts';
import { authorizerNamePattern, isSharedLayerWrite, reachesSharedLayer } from '../shared-layer.ts';
import { constructPath, references, render, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** Resources that mention the authorizer and are judged elsewhere: IAM statements below, action by action; the API's authorizer by FD-AUTH-001. */
const NOT_TOUCHES = new Set(['AWS::ApiGatewayV2::Authorizer', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role']);

/**
 * FD-IAM-004: nothing an app stack deploys can change the shared layer — no grant beyond reading
 * on `/frontdesk/<stage>/` parameters and secrets outside the app's own namespace, no grant at
 * all on the authorizer function, no parameter written into the shared namespace, no invoke
 * permission on the authorizer for anyone but API Gateway on the app's own API.
 */
export const sharedLayerWrites: PolicyRule = {
  id: 'FD-IAM-004',
  title: 'App stacks only read the shared layer: no writes to /frontdesk/<stage>/ and no access to the authorizer function',
  level: 'error',
  rationale:
    'Trust flows one way: an app that can rewrite a shared parameter, update or re-permission the authorizer function, or publish into the shared namespace can change how every other app is authorized. Apps read shared values; only the shared stack writes them.',
  fix: 'Keep only ssm:GetParameter*/secretsmanager:GetSecretValue on /frontdesk/<stage>/ values, write only under /frontdesk/<stage>/<app>/, and leave the authorizer function to the shared stack (AppApi adds the one invoke permission API Gateway needs)',
  check(input) {
    const stage = input.stage;
    return (input.stacks ?? [])
      .filter((stack) => stack.app !== SHARED_APP)
      .flatMap((stack) => {
        const { file } = stackOwner(input, stack);
        const at = file === undefined ? {} : { file };
        const ownResources = stack.template.Resources ?? {};
        const grants = iamStatements(stack.template, stack.stackName)
          .filter((statement) => statement.effect === 'Allow')
          .flatMap((statement) => {
            // A resource built from the stack's own resources is the app's; anything else may be the shared layer.
            const outside =
              statement.notResources.length > 0
                ? ['*']
                : statement.resources.filter((resource) => !references(resource).some((id) => id in ownResources));
            const reached = outside.map(render).filter((resource) => reachesSharedLayer(resource, stack.app, stage));
            if (reached.length === 0) return [];
            const writes =
              statement.notActions.length > 0
                ? ['NotAction (everything but the listed actions)']
                : statement.actions.map(render).filter(isSharedLayerWrite);
            if (writes.length === 0) return [];
            return [
              findingOf(this, {
                app: stack.app,
                resource: { path: statement.path, logicalId: statement.logicalId },
                message: `IAM statement in ${statement.logicalId} allows ${writes.join(', ')} on "${reached.join('", "')}", which is the shared layer (its parameters, secrets or authorizer function), not app "${stack.app}"'s own`,
                ...at,
              }),
            ];
          });
        const parameters = resourcesOfType(stack.template, stack.stackName, 'AWS::SSM::Parameter').flatMap(
          ({ logicalId, resource, path }) => {
            const name = render(resource.Properties?.Name ?? '');
            if (!reachesSharedLayer(`arn:aws:ssm:r:a:parameter${name.startsWith('/') ? '' : '/'}${name}`, stack.app, stage)) return [];
            return [
              findingOf(this, {
                app: stack.app,
                resource: { path, logicalId },
                message: `parameter ${logicalId} is written to "${name}", the shared namespace; app "${stack.app}" may write only under /frontdesk/<stage>/${stack.app}/`,
                ...at,
              }),
            ];
          },
        );
        const authorizerName = authorizerNamePattern(stage);
        const mentionsAuthorizer = (value: unknown) =>
          [...render(value).matchAll(/function:([^/:"$,]+)/g)].some((match) => authorizerName.test(match[1] as string));
        const resources = stack.template.Resources ?? {};
        const ownApis = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::ApiGatewayV2::Api');
        const touches = Object.entries(resources).flatMap(([logicalId, resource]) => {
          // IAM statements are judged above, action by action; the authorizer resource by FD-AUTH-001.
          if (NOT_TOUCHES.has(resource.Type) || !mentionsAuthorizer(resource.Properties ?? {})) return [];
          const properties = resource.Properties ?? {};
          const sourceArn = render(properties.SourceArn ?? '');
          const scopedInvoke =
            resource.Type === 'AWS::Lambda::Permission' &&
            properties.Action === 'lambda:InvokeFunction' &&
            properties.Principal === 'apigateway.amazonaws.com' &&
            ownApis.some((id) => sourceArn.includes(`:\${${id}}/authorizers/`));
          if (scopedInvoke) return [];
          return [
            findingOf(this, {
              app: stack.app,
              resource: { path: constructPath(resource, stack.stackName, logicalId), logicalId },
              message: `${resource.Type} ${logicalId} acts on the shared authorizer function; an app stack may only let API Gateway invoke it for the app's own API (the permission AppApi adds)`,
              ...at,
            }),
          ];
        });
        return [...grants, ...parameters, ...touches];
      });
  },
};
