import { CfnCondition, CfnRule, Fn, Token } from 'aws-cdk-lib';
import type { CfnAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { AppManifest } from '../manifest/schema.ts';

export interface DpopCachingGuardProps {
  readonly manifest: AppManifest;
  /** The stage's DPoP mode as CloudFormation resolves it: a `Ref` to an SSM-typed template parameter. */
  readonly dpop: string;
  /** That parameter's SSM name (its key), e.g. `/frontdesk/dev/authorizer/dpop`. */
  readonly parameterName: string;
  /** The app's authorizer resource, whose cache TTL this guard owns. */
  readonly authorizer: CfnAuthorizer;
}

/**
 * Authorizer caching decided by the stage's real DPoP mode, at deploy time, twice over:
 *
 * 1. A template rule fails the deploy before any resource changes when the app caches and the
 *    mode is not `off`, with a message naming the fix.
 * 2. The cache TTL itself is `Fn::If [DpopOff, ttl, 0]` on a condition over the same parameter.
 *
 * Two, because AWS does not document which value a rule sees for an SSM parameter type: the
 * rules reference says rules "validate parameter values", while the SSM parameter types page says
 * CloudFormation "can perform validation on Systems Manager parameter keys, but not on their
 * corresponding values" (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/systems-manager-parameter-types.html).
 * If the rule sees the value, it refuses `optional`/`required`. If it sees the key, it accepts
 * exactly the stage's own key (pinned by `AllowedValues`) and the condition — which works on the
 * resolved value, as the shared-domain condition of every app does — keeps the TTL at 0 unless
 * the mode is `off`. If a condition ever saw the key too, `Fn::Equals` to `off` is false and the
 * TTL is 0: caching is lost, never safety. Nothing here reads the synthesizing shell.
 */
export class DpopCachingGuard extends Construct {
  public readonly rule: CfnRule;
  public readonly dpopOff: CfnCondition;

  constructor(scope: Construct, id: string, props: DpopCachingGuardProps) {
    super(scope, id);
    const ttl = props.manifest.authorizer.cacheTtlSeconds;
    const off = Fn.conditionEquals(props.dpop, 'off');
    this.rule = new CfnRule(this, 'Rule', {
      assertions: [
        {
          assert: Fn.conditionOr(off, Fn.conditionEquals(props.dpop, props.parameterName)),
          assertDescription:
            `app "${props.manifest.name}": authorizer.cacheTtlSeconds is ${ttl} but the stage's DPoP mode (SSM ${props.parameterName}) is not "off". ` +
            'A cached decision would let a DPoP-bound token through without a fresh proof. ' +
            "Set authorizer.cacheTtlSeconds to 0 in the app's app.config.ts, or run the stage with DPoP off (infra/src/stage-config.ts).",
        },
      ],
    });
    this.dpopOff = new CfnCondition(this, 'StageDpopOff', { expression: off });
    props.authorizer.authorizerResultTtlInSeconds = Token.asNumber(Fn.conditionIf(this.dpopOff.logicalId, ttl, 0));
  }
}
