import { isPublicRoute } from '../../manifest/index.ts';
import { invokesFrontdeskAuthorizer } from '../shared-layer.ts';
import { render, resourcesOfType, type CfnTemplate } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/**
 * Why a route is not protected by the shared Frontdesk authorizer, or `undefined` when it is: a
 * `CUSTOM` route whose `AuthorizerId` is this API's `REQUEST` authorizer invoking the
 * deterministically named authorizer function in the stack's own account and region. A JWT or
 * IAM authorizer, or a Lambda authorizer pointing anywhere else (another function, a template
 * parameter's value), enforces none of Frontdesk's checks (scopes per route, DPoP, audit).
 */
function notFrontdesk(template: CfnTemplate, properties: Record<string, unknown>, stage: string | undefined): string | undefined {
  const type = String(properties.AuthorizationType ?? 'NONE');
  if (type === 'NONE') return 'has no authorizer (AuthorizationType NONE)';
  if (type !== 'CUSTOM') return `uses a ${type} authorizer, not the shared Frontdesk authorizer`;
  const ref = (properties.AuthorizerId as { Ref?: unknown } | undefined)?.Ref;
  const authorizer = typeof ref === 'string' ? template.Resources?.[ref] : undefined;
  if (authorizer?.Type !== 'AWS::ApiGatewayV2::Authorizer') return 'has no authorizer of its own API (AuthorizerId names none)';
  const uri = render(authorizer.Properties?.AuthorizerUri ?? '');
  if (authorizer.Properties?.AuthorizerType !== 'REQUEST' || !invokesFrontdeskAuthorizer(uri, stage)) {
    return `uses authorizer ${ref}, which invokes "${uri}" instead of the shared Frontdesk authorizer function in this account and region`;
  }
  return undefined;
}

/** FD-AUTH-001: every route runs the shared authorizer unless its manifest marks it public with a reason. */
export const authRequired: PolicyRule = {
  id: 'FD-AUTH-001',
  title: 'Every route has the shared authorizer unless the manifest marks it public with a reason',
  level: 'error',
  rationale:
    'Deny by default: a route without an authorizer is open to the internet, and a route behind any other authorizer (JWT, IAM, another function) skips the per-route scopes, DPoP and audit that every app relies on. Public routes are a deliberate, reviewed decision written in the manifest, never an accident of synthesis.',
  fix: 'Give the route scopes in app.config.ts (AppApi attaches the shared authorizer, addressed by its deterministic name), or mark it { auth: "public", reason: "…" }',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { manifest, file } = stackOwner(input, stack);
      return resourcesOfType(stack.template, stack.stackName, 'AWS::ApiGatewayV2::Route').flatMap(({ logicalId, resource, path }) => {
        const routeKey = String(resource.Properties?.RouteKey ?? '');
        const problem = notFrontdesk(stack.template, resource.Properties ?? {}, input.stage);
        if (problem === undefined) return [];
        const declared = manifest?.routes[routeKey];
        if (declared && isPublicRoute(declared)) return [];
        return [
          findingOf(this, {
            app: stack.app,
            resource: { path, logicalId, aliases: [routeKey] },
            message: `route "${routeKey}" ${problem} and its manifest does not mark it public`,
            ...(file === undefined ? {} : { file, anchor: routeKey }),
          }),
        ];
      });
    });
  },
};
