import type { RemovalPolicy } from 'aws-cdk-lib';
import type { CfnCondition } from 'aws-cdk-lib';
import type { IDomainName } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import type { DpopMode } from '../contract/dpop-mode.ts';
import type { Stage } from '../stage.ts';

/** What an app stack needs from the shared layer of its stage. */
export interface IRootGateway extends IConstruct {
  readonly stage: Stage;
  /** The shared authorizer; every app's HTTP API has its own authorizer resource pointing here. */
  readonly authorizerFunction: IFunction;
  /** The log group every app's HTTP API writes its JSON access logs to. */
  readonly accessLogGroup: ILogGroup;
  /**
   * The stage's DPoP mode: a literal {@link DpopMode} on the shared layer itself, a deploy-time
   * token (the published SSM parameter) when imported. Decides whether apps may cache decisions.
   */
  readonly dpop: string;
  /** The shared custom domain, when there may be one. */
  readonly domainName?: IDomainName;
  /**
   * Present when whether the domain exists is only known at deploy time (imported from SSM):
   * every resource that uses {@link domainName} must carry this condition.
   */
  readonly domainCondition?: CfnCondition;
}

/** The shared custom domain of a stage. */
export interface GatewayDomainProps {
  /** e.g. `api.example.com`. Apps are served under it at their base path. */
  readonly domainName: string;
  /**
   * A regional ACM certificate (same region as the stack) covering {@link domainName}.
   * @default - a certificate is created and validated through DNS in {@link hostedZone}
   */
  readonly certificateArn?: string;
  /**
   * The Route 53 zone the domain lives in, given by id and name (no lookup, so synth needs no
   * AWS credentials). Required when no {@link certificateArn} is given.
   * @default - no DNS validation and no alias record
   */
  readonly hostedZone?: { readonly hostedZoneId: string; readonly zoneName: string };
  /**
   * Create A/AAAA alias records pointing the domain at the regional endpoint.
   * @default true when {@link hostedZone} is given
   */
  readonly createAliasRecord?: boolean;
}

export interface RootGatewayProps {
  /** The stage this shared layer serves; names resources and the `/frontdesk/<stage>` parameters. */
  readonly stage: Stage;
  /** OIDC issuer URL (`iss`), e.g. `https://login.example.com/`. Becomes `FRONTDESK_ISSUER`. */
  readonly issuer: string;
  /** Accepted `aud` values. Becomes `FRONTDESK_AUDIENCE` (comma list). */
  readonly audience: readonly string[];
  /**
   * The issuer's JWKS. Becomes `FRONTDESK_JWKS_URI`.
   * @default - discovered from the issuer's `/.well-known/openid-configuration`
   */
  readonly jwksUri?: string;
  /**
   * Allowed JWS algorithms, asymmetric only. Becomes `FRONTDESK_ALGORITHMS`.
   * @default ['RS256', 'ES256']
   */
  readonly algorithms?: readonly string[];
  /**
   * Clock skew tolerated on `exp`/`nbf`/`iat`, 0–300 seconds. Becomes `FRONTDESK_CLOCK_TOLERANCE`.
   * @default 30
   */
  readonly clockToleranceSeconds?: number;
  /**
   * Also accept access tokens whose `typ` header is absent or the generic `JWT`, for issuers that
   * do not type access tokens as RFC 9068 §4 asks (`at+jwt`). ID-token-shaped tokens and tokens
   * typed as anything else stay denied. Becomes `FRONTDESK_ALLOW_UNTYPED_TOKENS`.
   * @default false
   */
  readonly allowUntypedTokens?: boolean;
  /**
   * How long after the last successful JWKS fetch cached keys may still verify while the issuer
   * is unreachable (60–86400 s); past it requests are denied `jwks_unavailable`. Becomes
   * `FRONTDESK_JWKS_MAX_STALE_SECONDS`.
   * @default 3600
   */
  readonly jwksMaxStaleSeconds?: number;
  /**
   * How many verified access tokens each authorizer instance remembers (0–100000, 0 turns the
   * cache off): a repeated token skips its signature check, while `exp`/`nbf`, the DPoP proof and
   * route scopes are still checked per request. Becomes `FRONTDESK_TOKEN_CACHE_SIZE`.
   * @default 1000
   */
  readonly tokenCacheSize?: number;
  /**
   * DPoP (RFC 9449) mode. Becomes `FRONTDESK_DPOP`; anything but `off` creates the replay table.
   * @default 'optional'
   */
  readonly dpop?: DpopMode;
  /**
   * The external origin clients call, used to check DPoP `htu`. Becomes `FRONTDESK_PUBLIC_URL`.
   * Only with a {@link domain}: the origin of that domain, or of something in front of it.
   * @default - `https://<domainName>` with a domain; without one, unset: each app answers on its
   * own execute-api URL and the authorizer checks `htu` against the host the request arrived on
   */
  readonly publicUrl?: string;
  /**
   * The shared custom domain.
   * @default - no custom domain: apps are reached on their own execute-api endpoints
   */
  readonly domain?: GatewayDomainProps;
  /**
   * Log retention of the authorizer's logs and the shared access logs.
   * @default - by stage: prod one year, dev one month, previews one week
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the replay table and log groups when the stack goes.
   * @default - `DESTROY` for previews, `RETAIN` for dev and prod
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * An SNS topic told of every state change of the stage's alarms, the shared layer's and every
   * app's (`frontdesk-<stage>-*`). Its policy must let `events.amazonaws.com` publish.
   * @default - no notifications: alarms show on the dashboards only
   */
  readonly alarmTopicArn?: string;
}
