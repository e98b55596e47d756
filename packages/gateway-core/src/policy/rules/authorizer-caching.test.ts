import { describe, expect, it } from 'vitest';
import { cleanInput, cleanTemplate } from '../fixtures/clean-app.ts';
import type { PolicyInput, PolicyStack } from '../input.ts';
import type { CfnTemplate } from '../template.ts';
import { authorizerCaching } from './authorizer-caching.ts';

const DPOP = '/frontdesk/dev/authorizer/dpop';

/** The clean app with its authorizer's caching properties and the template's guard pieces replaced. */
function withCaching(authorizer: Record<string, unknown>, extra: Partial<CfnTemplate> = {}): PolicyInput {
  const input = cleanInput();
  const template = structuredClone(cleanTemplate()) as CfnTemplate & { Resources: Record<string, { Properties: Record<string, unknown> }> };
  Object.assign(template.Resources.Authorizer?.Properties ?? {}, authorizer);
  return { ...input, stacks: [{ ...(input.stacks?.[0] as PolicyStack), template: { ...template, ...extra } }] };
}

const guard = (
  assert: unknown = { 'Fn::Or': [{ 'Fn::Equals': [{ Ref: 'Dpop' }, 'off'] }, { 'Fn::Equals': [{ Ref: 'Dpop' }, DPOP] }] },
): Partial<CfnTemplate> => ({
  Parameters: { Dpop: { Type: 'AWS::SSM::Parameter::Value<String>', Default: DPOP, AllowedValues: [DPOP] } },
  Conditions: { DpopOff: { 'Fn::Equals': [{ Ref: 'Dpop' }, 'off'] } },
  Rules: { Guard: { Assertions: [{ Assert: assert, AssertDescription: 'DPoP must be off' }] } },
});
const cachedTtl = { 'Fn::If': ['DpopOff', 300, 0] };
const byRoute = ['$request.header.Authorization', '$context.routeKey'];
const messages = (input: PolicyInput) => authorizerCaching.check(input).map((finding) => finding.message);

describe('FD-AUTH-002 authorizer caching', () => {
  it('accepts TTL 0, and a TTL guarded by the DPoP rule and condition with the route key', () => {
    expect(messages(cleanInput())).toEqual([]);
    expect(messages(withCaching({ AuthorizerResultTtlInSeconds: cachedTtl, IdentitySource: byRoute }, guard()))).toEqual([]);
  });

  it('reports a literal TTL, a missing TTL, a guard without its rule, and a missing route key', () => {
    expect(messages(withCaching({ AuthorizerResultTtlInSeconds: 300, IdentitySource: byRoute }))).toEqual([
      expect.stringContaining('without the stage DPoP guard'),
    ]);
    expect(messages(withCaching({ AuthorizerResultTtlInSeconds: undefined, IdentitySource: byRoute }))).toEqual([
      expect.stringContaining('not provably off'),
    ]);
    const { Rules: _rules, ...noRule } = guard();
    expect(messages(withCaching({ AuthorizerResultTtlInSeconds: cachedTtl, IdentitySource: byRoute }, noRule))).toEqual([
      expect.stringContaining('without the stage DPoP guard'),
    ]);
    expect(
      messages(withCaching({ AuthorizerResultTtlInSeconds: cachedTtl, IdentitySource: ['$request.header.Authorization'] }, guard())),
    ).toEqual([expect.stringContaining('without $context.routeKey')]);
  });

  it('reports a guard on another parameter than the stage’s DPoP mode, or a rule that asserts something else', () => {
    const elsewhere = guard();
    const parameters = { Dpop: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/frontdesk/dev/orders/dpop' } };
    expect(
      messages(withCaching({ AuthorizerResultTtlInSeconds: cachedTtl, IdentitySource: byRoute }, { ...elsewhere, Parameters: parameters })),
    ).toHaveLength(1);
    expect(
      messages(withCaching({ AuthorizerResultTtlInSeconds: cachedTtl, IdentitySource: byRoute }, guard({ 'Fn::Equals': ['a', 'a'] }))),
    ).toHaveLength(1);
  });
});
