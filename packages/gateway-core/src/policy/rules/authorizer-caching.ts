import { SHARED_APP } from '../input.ts';
import { asList, isObject, render, resourcesOfType, type CfnTemplate } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

const DPOP_PARAMETER = /^\/frontdesk\/[^/]+\/authorizer\/dpop$/;
const SSM_STRING = 'AWS::SSM::Parameter::Value<String>';

/**
 * FD-AUTH-002: an app's authorizer caches decisions only behind the stage's DPoP mode (the
 * template rule and condition `AppApi` writes) and only keyed by route.
 */
export const authorizerCaching: PolicyRule = {
  id: 'FD-AUTH-002',
  title: 'An app authorizer caches decisions only while the stage’s DPoP mode is off, and keyed by route',
  level: 'error',
  rationale:
    'A cached allow skips every per-request check: under DPoP a stolen proof-bound token would pass with no proof, and without $context.routeKey in the identity sources a decision for one route would serve another. The stage’s mode must decide at deploy time, not the shell that synthesized the app.',
  fix: 'Let AppApi build the authorizer (it adds the DPoP rule, the Fn::If TTL and the route key), or set authorizer.cacheTtlSeconds to 0',
  check(input) {
    return (input.stacks ?? [])
      .filter((stack) => stack.app !== SHARED_APP)
      .flatMap((stack) => {
        const { file } = stackOwner(input, stack);
        return resourcesOfType(stack.template, stack.stackName, 'AWS::ApiGatewayV2::Authorizer').flatMap(
          ({ logicalId, resource, path }) => {
            const properties = resource.Properties ?? {};
            if (properties.AuthorizerType !== 'REQUEST') return [];
            const problems = cachingProblems(stack.template, properties.AuthorizerResultTtlInSeconds, properties.IdentitySource);
            if (problems.length === 0) return [];
            return [
              findingOf(this, {
                app: stack.app,
                resource: { path, logicalId },
                message: `authorizer ${logicalId} ${problems.join('; ')}`,
                ...(file === undefined ? {} : { file, anchor: 'cacheTtlSeconds' }),
              }),
            ];
          },
        );
      });
  },
};

function cachingProblems(template: CfnTemplate, ttl: unknown, identitySource: unknown): string[] {
  if (ttl === 0) return [];
  const problems: string[] = [];
  if (ttl === undefined) problems.push('sets no AuthorizerResultTtlInSeconds, so caching is not provably off');
  else if (!guardedByDpopOff(template, ttl))
    problems.push(
      `caches decisions (TTL ${render(ttl)}) without the stage DPoP guard: a template rule and Fn::If on /frontdesk/<stage>/authorizer/dpop being "off"`,
    );
  const sources = asList(identitySource).map(render);
  if (!sources.includes('$context.routeKey'))
    problems.push('may cache decisions without $context.routeKey in its identity sources, so one route’s decision would serve another');
  return problems;
}

/** `Fn::If [C, n, 0]` where C is `Fn::Equals [Ref P, "off"]`, P the stage's DPoP parameter, and a rule asserts on P. */
function guardedByDpopOff(template: CfnTemplate, ttl: unknown): boolean {
  if (!isObject(ttl)) return false;
  const branches = ttl['Fn::If'];
  if (!Array.isArray(branches) || branches.length !== 3 || branches[2] !== 0 || typeof branches[0] !== 'string') return false;
  const parameter = dpopOffParameter(template.Conditions?.[branches[0]]);
  if (parameter === undefined) return false;
  const declared = template.Parameters?.[parameter];
  if (declared?.Type !== SSM_STRING || typeof declared.Default !== 'string' || !DPOP_PARAMETER.test(declared.Default)) return false;
  // The rule must assert that very parameter is "off" (or its own key, for a rule that only sees keys).
  return Object.values(template.Rules ?? {}).some(
    (rule) =>
      rule.RuleCondition === undefined &&
      asList(rule.Assertions).some((assertion) => isObject(assertion) && mentionsDpopOff(assertion.Assert, parameter)),
  );
}

function dpopOffParameter(condition: unknown): string | undefined {
  if (!isObject(condition)) return undefined;
  const equals = condition['Fn::Equals'];
  if (!Array.isArray(equals) || equals[1] !== 'off' || !isObject(equals[0]) || typeof equals[0].Ref !== 'string') return undefined;
  return equals[0].Ref;
}

function mentionsDpopOff(assertion: unknown, parameter: string): boolean {
  if (dpopOffParameter(assertion) === parameter) return true;
  if (!isObject(assertion)) return false;
  const or = assertion['Fn::Or'];
  return Array.isArray(or) && or.some((branch) => dpopOffParameter(branch) === parameter);
}
