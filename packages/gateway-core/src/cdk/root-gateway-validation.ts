import { Token, Tokenization } from 'aws-cdk-lib';
import { AuthorizerConfigError, loadAuthorizerConfig } from '../authorizer/config.ts';
import type { DpopMode } from '../contract/dpop-mode.ts';
import { FrontdeskError } from '../contract/errors.ts';
import type { Stage } from '../stage.ts';
import type { GatewayDomainProps, RootGatewayProps } from './root-gateway-props.ts';

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A `RootGateway` prop that cannot deploy; the message names the prop and what is allowed. */
class RootGatewayPropsError extends FrontdeskError<'ERR_ROOT_GATEWAY_PROPS'> {
  override readonly name = 'RootGatewayPropsError';
  constructor(stage: Stage, message: string) {
    super('ERR_ROOT_GATEWAY_PROPS', `RootGateway (${stage.name}): ${message}`);
  }
}

/** Each authorizer variable and the prop it comes from: errors speak in props. */
const PROP_OF: Readonly<Record<string, keyof RootGatewayProps>> = {
  FRONTDESK_ISSUER: 'issuer',
  FRONTDESK_AUDIENCE: 'audience',
  FRONTDESK_JWKS_URI: 'jwksUri',
  FRONTDESK_ALGORITHMS: 'algorithms',
  FRONTDESK_CLOCK_TOLERANCE: 'clockToleranceSeconds',
  FRONTDESK_DPOP: 'dpop',
  FRONTDESK_ALLOW_UNTYPED_TOKENS: 'allowUntypedTokens',
  FRONTDESK_JWKS_MAX_STALE_SECONDS: 'jwksMaxStaleSeconds',
  FRONTDESK_TOKEN_CACHE_SIZE: 'tokenCacheSize',
  FRONTDESK_PUBLIC_URL: 'publicUrl',
};
const NUMBER_PROPS: ReadonlySet<string> = new Set(['clockToleranceSeconds', 'jwksMaxStaleSeconds', 'tokenCacheSize']);

/** A valid stand-in for a required variable known only at deploy time. */
const DEPLOY_TIME_STAND_IN: Readonly<Record<string, string>> = {
  FRONTDESK_ISSUER: 'https://deploy-time.invalid/',
  FRONTDESK_AUDIENCE: 'deploy-time',
};

/**
 * The authorizer's environment from the props: what was given, then the authorizer's own
 * defaults for the rest. The values are checked by the authorizer's settings loader (the one the
 * deployed function runs at cold start), so the construct and the function cannot disagree on
 * algorithms, ranges or defaults. Values that are unresolved tokens (a `CfnParameter`, say) are
 * left to the function, as CDK's own constructs skip checks on `Token.isUnresolved` values.
 */
export function authorizerEnvironment(
  props: RootGatewayProps,
  settled: { readonly dpop: DpopMode; readonly publicUrl: string | undefined },
): Record<string, string> {
  const given: Record<string, string | undefined> = {
    FRONTDESK_STAGE: props.stage.name,
    FRONTDESK_ISSUER: props.issuer,
    FRONTDESK_AUDIENCE: props.audience.join(','),
    FRONTDESK_JWKS_URI: props.jwksUri,
    FRONTDESK_ALGORITHMS: props.algorithms?.join(','),
    FRONTDESK_CLOCK_TOLERANCE: numberText(props.clockToleranceSeconds),
    FRONTDESK_DPOP: settled.dpop,
    FRONTDESK_ALLOW_UNTYPED_TOKENS: props.allowUntypedTokens === undefined ? undefined : String(props.allowUntypedTokens),
    FRONTDESK_JWKS_MAX_STALE_SECONDS: numberText(props.jwksMaxStaleSeconds),
    FRONTDESK_TOKEN_CACHE_SIZE: numberText(props.tokenCacheSize),
    FRONTDESK_PUBLIC_URL: settled.publicUrl,
  };
  const checkable = Object.fromEntries(
    Object.entries(given).map(([name, value]) => [
      name,
      value !== undefined && Token.isUnresolved(value) ? DEPLOY_TIME_STAND_IN[name] : value,
    ]),
  );
  let config: ReturnType<typeof loadAuthorizerConfig>;
  try {
    config = loadAuthorizerConfig(checkable);
  } catch (error) {
    if (error instanceof AuthorizerConfigError) throw new RootGatewayPropsError(props.stage, inPropTerms(error));
    throw error;
  }
  const environment: Record<string, string> = {
    FRONTDESK_STAGE: props.stage.name,
    FRONTDESK_ISSUER: props.issuer,
    FRONTDESK_AUDIENCE: given.FRONTDESK_AUDIENCE!,
    FRONTDESK_ALGORITHMS: given.FRONTDESK_ALGORITHMS ?? config.algorithms.join(','),
    FRONTDESK_CLOCK_TOLERANCE: given.FRONTDESK_CLOCK_TOLERANCE ?? String(config.clockToleranceSeconds),
    FRONTDESK_DPOP: settled.dpop,
    FRONTDESK_ALLOW_UNTYPED_TOKENS: given.FRONTDESK_ALLOW_UNTYPED_TOKENS ?? String(config.allowUntypedTokens),
    FRONTDESK_JWKS_MAX_STALE_SECONDS: given.FRONTDESK_JWKS_MAX_STALE_SECONDS ?? String(config.jwksMaxStaleSeconds),
    FRONTDESK_TOKEN_CACHE_SIZE: given.FRONTDESK_TOKEN_CACHE_SIZE ?? String(config.tokenCacheSize),
  };
  if (props.jwksUri) environment.FRONTDESK_JWKS_URI = props.jwksUri;
  if (settled.publicUrl) environment.FRONTDESK_PUBLIC_URL = settled.publicUrl;
  return environment;
}

/** A number prop as the variable's text; a number token becomes a string token. */
function numberText(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Token.isUnresolved(value) ? Tokenization.stringifyNumber(value) : String(value);
}

function inPropTerms(error: AuthorizerConfigError): string {
  const prop = PROP_OF[error.variable] ?? error.variable;
  if (!error.detail) return `${prop}: ${error.message}`;
  const value = NUMBER_PROPS.has(prop) ? error.detail.value : `"${error.detail.value}"`;
  return `${prop} ${error.detail.requirement}, got ${value}`;
}

const known = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);

/**
 * What only the construct knows about the identity props, checked before the authorizer's loader
 * sees them: a deployed issuer and JWKS are https (the loader also allows http, for `pnpm dev`),
 * and lists travel as comma lists, where an empty one would silently mean "the default".
 */
export function validateIdentityProps(props: RootGatewayProps): void {
  const fail = (message: string): never => {
    throw new RootGatewayPropsError(props.stage, message);
  };
  if (known(props.issuer) && !isHttpsUrl(props.issuer))
    fail(`issuer must be an https:// URL (the OIDC issuer, e.g. "https://login.example.com/"), got "${props.issuer}"`);
  if (!Token.isUnresolved(props.audience)) {
    const literal = props.audience.filter((value) => !Token.isUnresolved(value));
    if (props.audience.length === 0 || literal.some((value) => value.trim() === '' || value.includes(','))) {
      fail('audience must list at least one non-empty value, none containing "," (it travels as a comma list)');
    }
  }
  if (known(props.jwksUri) && !isHttpsUrl(props.jwksUri)) fail(`jwksUri must be an https:// URL, got "${props.jwksUri}"`);
  if (props.algorithms !== undefined && props.algorithms.length === 0) fail('algorithms must not be empty');
}

/**
 * What only the construct knows about where it deploys, checked after the authorizer's loader: a
 * deployed public URL is https, it needs a shared domain, and the shapes of ARNs and DNS names.
 */
export function validateDeploymentProps(props: RootGatewayProps): void {
  const fail = (message: string): never => {
    throw new RootGatewayPropsError(props.stage, message);
  };
  if (known(props.publicUrl) && !isHttpsUrl(props.publicUrl)) {
    fail(`publicUrl must be an https:// origin with no path, query or fragment (e.g. "https://api.example.com"), got "${props.publicUrl}"`);
  }
  // Without a domain there is no shared origin: each app answers on its own execute-api URL, and a
  // DPoP proof names that URL. A public URL would make the authorizer expect one nobody calls.
  if (props.publicUrl !== undefined && props.domain === undefined) {
    fail(
      'publicUrl needs a domain: without one each app answers on its own execute-api URL, which the authorizer then checks DPoP htu against',
    );
  }
  if (known(props.alarmTopicArn) && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(props.alarmTopicArn)) {
    fail(`alarmTopicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>), got "${props.alarmTopicArn}"`);
  }
  if (props.domain) validateDomain(props.domain, fail);
}

function validateDomain(domain: GatewayDomainProps, fail: (message: string) => never): void {
  const name = Token.isUnresolved(domain.domainName) ? undefined : domain.domainName;
  if (name !== undefined && !HOSTNAME.test(name))
    fail(`domain.domainName must be a lower-case DNS name such as "api.example.com", got "${name}"`);
  const arn = domain.certificateArn;
  if (arn !== undefined && !Token.isUnresolved(arn) && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(arn)) {
    fail(`domain.certificateArn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), got "${arn}"`);
  }
  if (domain.certificateArn === undefined && domain.hostedZone === undefined) {
    fail('domain needs either certificateArn (an existing regional ACM certificate) or hostedZone (to create one validated through DNS)');
  }
  if (domain.createAliasRecord && domain.hostedZone === undefined) fail('domain.createAliasRecord needs domain.hostedZone');
  const zone = domain.hostedZone;
  if (zone && name !== undefined && !Token.isUnresolved(zone.zoneName) && name !== zone.zoneName && !name.endsWith(`.${zone.zoneName}`)) {
    fail(`domain.domainName "${name}" is not inside domain.hostedZone.zoneName "${zone.zoneName}"`);
  }
}

function isHttpsUrl(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}
