import { isPublicRoute } from '../../manifest/index.ts';
import { resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

const AUTHORIZED = new Set(['CUSTOM', 'JWT', 'AWS_IAM']);

/** FD-AUTH-001: every route runs the shared authorizer unless its manifest marks it public with a reason. */
export const authRequired: PolicyRule = {
  id: 'FD-AUTH-001',
  title: 'Every route has the shared authorizer unless the manifest marks it public with a reason',
  level: 'error',
  rationale:
    'Deny by default: a route without an authorizer is open to the internet. Public routes are a deliberate, reviewed decision written in the manifest, never an accident of synthesis.',
  fix: 'Give the route scopes in app.config.ts (AppApi attaches the shared authorizer), or mark it { auth: "public", reason: "…" }',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { manifest, file } = stackOwner(input, stack);
      return resourcesOfType(stack.template, stack.stackName, 'AWS::ApiGatewayV2::Route').flatMap(({ logicalId, resource, path }) => {
        const routeKey = String(resource.Properties?.RouteKey ?? '');
        const type = String(resource.Properties?.AuthorizationType ?? 'NONE');
        if (AUTHORIZED.has(type) && resource.Properties?.AuthorizerId !== undefined) return [];
        const declared = manifest?.routes[routeKey];
        if (declared && isPublicRoute(declared)) return [];
        return [
          findingOf(this, {
            app: stack.app,
            resource: { path, logicalId, aliases: [routeKey] },
            message: `route "${routeKey}" has no authorizer (AuthorizationType ${type}) and its manifest does not mark it public`,
            ...(file === undefined ? {} : { file, anchor: routeKey }),
          }),
        ];
      });
    });
  },
};
