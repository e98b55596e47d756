import { fileURLToPath } from 'node:url';
import { Arn, ArnFormat, Aws, CfnCondition, Duration, Fn, Resource, Stack, Token, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { DomainName, EndpointType, SecurityPolicy, type DomainNameReference, type IDomainName } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Function as LambdaFunction, Tracing, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type ILogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AaaaRecord, ARecord, HostedZone, RecordTarget, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct, type IConstruct } from 'constructs';
import { AUTHORIZER_TIMEOUT_SECONDS } from '../authorizer/budgets.ts';
import type { Stage } from '../stage.ts';
import { DPOP_MODES, DEFAULT_DPOP_MODE, type DpopMode } from '../contract/dpop-mode.ts';
import { HANDLER_RUNTIME, nodejsBundling, workspaceLockFile } from './nodejs-bundling.ts';
import { authorizerFunctionName } from '../contract/names.ts';
import { NO_DOMAIN, sharedParameterNames, type SharedParameterNames } from './shared-parameters.ts';
import { stageLogRetention, stageRemovalPolicy } from './stage-defaults.ts';
import { stageParameterValue } from './stage-parameter.ts';
import { acknowledgeFunctionDesign, functionRole } from './function-guardrails.ts';
import { GatewayOverview } from './observability/gateway-overview.ts';
import { AlarmNotifications } from './observability/alarm-notifications.ts';

/** The shared authorizer's module; the deployed Lambda and the local gateway run the same code. */
const AUTHORIZER_ENTRY = fileURLToPath(new URL('../authorizer/handler.ts', import.meta.url));
const DEFAULT_ALGORITHMS = ['RS256', 'ES256'] as const;
/** Asymmetric JWS algorithms only: a shared secret or `none` must never verify a token. */
const ASYMMETRIC_ALGORITHM = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

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

/**
 * The shared layer of one stage: the global authorizer function, its DPoP replay table, the
 * custom domain, the shared access-log group, and the SSM parameters that app stacks read.
 *
 * @example
 * new RootGateway(stack, 'Gateway', {
 *   stage: resolveStage('dev'),
 *   issuer: 'https://login.acme.com/',
 *   audience: ['https://api.acme.com'],
 *   // Without a domain each app answers on its own execute-api URL, which DPoP proofs name.
 *   domain: { domainName: 'dev.api.acme.com', hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'acme.com' } },
 * });
 */
export class RootGateway extends Construct implements IRootGateway {
  /**
   * The shared layer of `stage` as an app stack sees it: every value read from the SSM parameters
   * the shared stack publishes, resolved at deploy time. No CloudFormation exports are involved,
   * so the shared stack stays updatable and the app stack deploys on its own.
   */
  public static fromStageParameters(scope: Construct, id: string, attrs: { readonly stage: Stage }): IRootGateway {
    return new ImportedRootGateway(scope, id, attrs.stage);
  }

  public readonly stage: Stage;
  public readonly authorizerFunction: NodejsFunction;
  public readonly accessLogGroup: LogGroup;
  /** The DPoP `jti` replay table; absent when DPoP is `off`. */
  public readonly replayTable?: Table;
  public readonly domainName?: DomainName;
  public readonly dpop: DpopMode;
  public readonly publicUrl?: string;
  /** The stage's overview dashboard across apps and the authorizer error alarm. */
  public readonly overview: GatewayOverview;

  private readonly removalPolicy: RemovalPolicy;
  private readonly logRetention: RetentionDays;

  constructor(scope: Construct, id: string, props: RootGatewayProps) {
    super(scope, id);
    validateProps(props);
    this.stage = props.stage;
    this.dpop = props.dpop ?? DEFAULT_DPOP_MODE;
    this.publicUrl = props.publicUrl ?? (props.domain ? `https://${props.domain.domainName}` : undefined);
    this.removalPolicy = props.removalPolicy ?? stageRemovalPolicy(props.stage);
    this.logRetention = props.logRetention ?? stageLogRetention(props.stage);

    this.replayTable = this.dpop === 'off' ? undefined : this.createReplayTable();
    this.authorizerFunction = this.createAuthorizerFunction(props);
    this.accessLogGroup = this.createAccessLogGroup();
    this.overview = new GatewayOverview(this, 'Overview', {
      stage: this.stage,
      authorizerFunction: this.authorizerFunction,
      accessLogGroup: this.accessLogGroup,
    });
    if (props.alarmTopicArn) new AlarmNotifications(this, 'AlarmNotifications', { stage: this.stage, topicArn: props.alarmTopicArn });
    this.domainName = props.domain ? this.createDomain(props.domain) : undefined;
    this.publishParameters();
  }

  /** DPoP proofs are single-use: the authorizer records each `jti` with a conditional put; TTL sweeps old ones. */
  private createReplayTable(): Table {
    const table = new Table(this, 'ReplayTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      billingMode: BillingMode.PAY_PER_REQUEST,
      // The AWS-managed key logs each use in CloudTrail (FD-DATA-001); callers need no KMS grant for it.
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: this.stage.kind === 'prod' },
      removalPolicy: this.removalPolicy,
    });
    if (this.stage.kind !== 'prod') {
      Validations.of(table).acknowledge({
        id: 'AwsSolutions-DDB3',
        reason:
          'Outside prod the replay table only holds proof ids that expire within minutes; restoring it would bring nothing back worth having.',
      });
    }
    return table;
  }

  private createAuthorizerFunction(props: RootGatewayProps): NodejsFunction {
    const logGroup = new LogGroup(this, 'AuthorizerLogs', {
      logGroupName: `/aws/lambda/${authorizerFunctionName(this.stage)}`,
      retention: this.logRetention,
      removalPolicy: this.removalPolicy,
    });
    const fn = new NodejsFunction(this, 'Authorizer', {
      functionName: authorizerFunctionName(this.stage),
      description: `Frontdesk global authorizer (${this.stage.name}): OIDC/JWT and DPoP, per-route scopes from stage variables`,
      entry: AUTHORIZER_ENTRY,
      handler: 'handler',
      runtime: HANDLER_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      // API Gateway waits 10 s for a Lambda authorizer, cold start included; the runtime's fetch and
      // replay budgets fit inside this timeout (authorizer/budgets.ts, cdk/authorizer-budgets.test.ts).
      timeout: Duration.seconds(AUTHORIZER_TIMEOUT_SECONDS),
      depsLockFilePath: workspaceLockFile(AUTHORIZER_ENTRY),
      bundling: nodejsBundling(),
      environment: this.authorizerEnvironment(props),
      logGroup,
      role: functionRole(this, 'AuthorizerRole', logGroup),
      tracing: Tracing.ACTIVE,
    });
    acknowledgeFunctionDesign(fn);
    // The replay store needs exactly one call: a conditional put of each proof's jti.
    this.replayTable?.grant(fn, 'dynamodb:PutItem');
    return fn;
  }

  /** The authorizer is configured only by these variables (the local gateway sets the same ones). */
  private authorizerEnvironment(props: RootGatewayProps): Record<string, string> {
    const environment: Record<string, string> = {
      FRONTDESK_STAGE: this.stage.name,
      FRONTDESK_ISSUER: props.issuer,
      FRONTDESK_AUDIENCE: props.audience.join(','),
      FRONTDESK_ALGORITHMS: (props.algorithms ?? DEFAULT_ALGORITHMS).join(','),
      FRONTDESK_CLOCK_TOLERANCE: String(props.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS),
      FRONTDESK_DPOP: this.dpop,
      FRONTDESK_ALLOW_UNTYPED_TOKENS: String(props.allowUntypedTokens ?? false),
      FRONTDESK_JWKS_MAX_STALE_SECONDS: String(props.jwksMaxStaleSeconds ?? 3600),
      FRONTDESK_TOKEN_CACHE_SIZE: String(props.tokenCacheSize ?? 1000),
    };
    if (props.jwksUri) environment.FRONTDESK_JWKS_URI = props.jwksUri;
    if (this.publicUrl) environment.FRONTDESK_PUBLIC_URL = this.publicUrl;
    if (this.replayTable) environment.FRONTDESK_REPLAY_TABLE = this.replayTable.tableName;
    return environment;
  }

  private createAccessLogGroup(): LogGroup {
    return new LogGroup(this, 'AccessLogs', {
      logGroupName: `/frontdesk/${this.stage.name}/api-access`,
      retention: this.logRetention,
      removalPolicy: this.removalPolicy,
    });
  }

  private createDomain(domain: GatewayDomainProps): DomainName {
    const zone = domain.hostedZone ? HostedZone.fromHostedZoneAttributes(this, 'HostedZone', domain.hostedZone) : undefined;
    const domainName = new DomainName(this, 'Domain', {
      domainName: domain.domainName,
      certificate: this.certificateFor(domain, zone),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    if (zone && (domain.createAliasRecord ?? true)) this.createAliasRecords(zone, domain.domainName, domainName);
    return domainName;
  }

  private certificateFor(domain: GatewayDomainProps, zone: IHostedZone | undefined): ICertificate {
    if (domain.certificateArn) return Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn);
    // validateProps guarantees a zone when no certificate ARN is given.
    return new Certificate(this, 'Certificate', {
      domainName: domain.domainName,
      validation: CertificateValidation.fromDns(zone),
    });
  }

  private createAliasRecords(zone: IHostedZone, recordName: string, domainName: DomainName): void {
    const target = RecordTarget.fromAlias(new ApiGatewayv2DomainProperties(domainName.regionalDomainName, domainName.regionalHostedZoneId));
    new ARecord(this, 'AliasRecord', { zone, recordName, target });
    new AaaaRecord(this, 'AliasRecordIpv6', { zone, recordName, target });
  }

  /** What apps read at deploy time; SSM values cannot be empty, so an absent domain is {@link NO_DOMAIN}. */
  private publishParameters(): void {
    const names = sharedParameterNames(this.stage);
    const accessLogGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.accessLogGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const values: Array<[string, string, string]> = [
      ['AuthorizerFunctionArnParameter', names.authorizerFunctionArn, this.authorizerFunction.functionArn],
      ['DpopModeParameter', names.dpopMode, this.dpop],
      ['DomainNameParameter', names.domainName, this.domainName?.name ?? NO_DOMAIN],
      ['RegionalDomainNameParameter', names.regionalDomainName, this.domainName?.regionalDomainName ?? NO_DOMAIN],
      ['RegionalHostedZoneIdParameter', names.regionalHostedZoneId, this.domainName?.regionalHostedZoneId ?? NO_DOMAIN],
      ['PublicUrlParameter', names.publicUrl, this.publicUrl ?? NO_DOMAIN],
      ['AccessLogGroupArnParameter', names.accessLogGroupArn, accessLogGroupArn],
    ];
    for (const [id, parameterName, stringValue] of values) {
      new StringParameter(this, id, {
        parameterName,
        stringValue,
        description: `Frontdesk ${this.stage.name}: read by app stacks at deploy time`,
      });
    }
  }
}

/** The shared layer read from SSM parameters; see {@link RootGateway.fromStageParameters}. */
class ImportedRootGateway extends Construct implements IRootGateway {
  public readonly accessLogGroup: ILogGroup;
  public readonly domainName: IDomainName;
  public readonly domainCondition: CfnCondition;
  private readonly names: SharedParameterNames;
  private importedAuthorizer?: IFunction;
  private importedDpop?: string;

  constructor(
    scope: Construct,
    id: string,
    public readonly stage: Stage,
  ) {
    super(scope, id);
    this.names = sharedParameterNames(stage);
    this.accessLogGroup = LogGroup.fromLogGroupArn(this, 'AccessLogs', this.read(this.names.accessLogGroupArn));
    const domainName = this.read(this.names.domainName);
    this.domainName = new SharedDomainName(this, 'Domain', domainName, this.names);
    this.domainCondition = new CfnCondition(this, 'HasDomain', {
      expression: Fn.conditionNot(Fn.conditionEquals(domainName, NO_DOMAIN)),
    });
  }

  /** Read on first use: only an app that caches decisions needs the stage's DPoP mode. */
  public get dpop(): string {
    this.importedDpop ??= this.read(this.names.dpopMode);
    return this.importedDpop;
  }

  /** Imported on first use, so an app with only public routes reads no authorizer parameter. */
  public get authorizerFunction(): IFunction {
    this.importedAuthorizer ??= LambdaFunction.fromFunctionAttributes(this, 'AuthorizerFunction', {
      // The deterministic name in the deploying account and region, not the published ARN
      // parameter: a value written there cannot redirect this app's authorization.
      functionArn: Arn.format({
        partition: Aws.PARTITION,
        service: 'lambda',
        region: Aws.REGION,
        account: Aws.ACCOUNT_ID,
        resource: 'function',
        resourceName: authorizerFunctionName(this.stage),
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      // Without it CDK skips the invoke permission for an imported function and API Gateway answers 500.
      sameEnvironment: true,
    });
    return this.importedAuthorizer;
  }

  /** A deploy-time read: a CloudFormation parameter of type `AWS::SSM::Parameter::Value<String>`, pinned to `name`. */
  private read(name: string): string {
    return stageParameterValue(this, name);
  }
}

/**
 * The shared domain imported by name. Its regional endpoint values are read from SSM only when
 * something asks for them (an app's own alias record, say): unused template parameters are noise
 * and draw CloudFormation validation warnings.
 */
class SharedDomainName extends Resource implements IDomainName {
  private regional?: { readonly domainName: string; readonly hostedZoneId: string };

  constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    private readonly names: SharedParameterNames,
  ) {
    super(scope, id);
  }

  public get domainNameRef(): DomainNameReference {
    return {
      domainName: this.name,
      domainNameArn: `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}::/domainnames/${this.name}`,
    };
  }

  public get regionalDomainName(): string {
    return this.readRegional().domainName;
  }

  public get regionalHostedZoneId(): string {
    return this.readRegional().hostedZoneId;
  }

  private readRegional(): { readonly domainName: string; readonly hostedZoneId: string } {
    this.regional ??= {
      domainName: stageParameterValue(this, this.names.regionalDomainName),
      hostedZoneId: stageParameterValue(this, this.names.regionalHostedZoneId),
    };
    return this.regional;
  }
}

/** Constructor validation: each error names the prop and what is allowed. */
function validateProps(props: RootGatewayProps): void {
  const fail = (message: string): never => {
    throw new Error(`RootGateway (${props.stage.name}): ${message}`);
  };
  if (!isHttpsUrl(props.issuer))
    fail(`issuer must be an https:// URL (the OIDC issuer, e.g. "https://login.example.com/"), got "${props.issuer}"`);
  if (props.audience.length === 0 || props.audience.some((value) => value.trim() === '' || value.includes(','))) {
    fail('audience must list at least one non-empty value, none containing "," (it travels as a comma list)');
  }
  if (props.jwksUri !== undefined && !isHttpsUrl(props.jwksUri)) fail(`jwksUri must be an https:// URL, got "${props.jwksUri}"`);
  for (const algorithm of props.algorithms ?? []) {
    if (!ASYMMETRIC_ALGORITHM.test(algorithm))
      fail(`algorithms may only list asymmetric JWS algorithms (RS*, PS*, ES*, EdDSA), got "${algorithm}"`);
  }
  if (props.algorithms !== undefined && props.algorithms.length === 0) fail('algorithms must not be empty');
  const tolerance = props.clockToleranceSeconds;
  if (tolerance !== undefined && !(Number.isInteger(tolerance) && tolerance >= 0 && tolerance <= MAX_CLOCK_TOLERANCE_SECONDS)) {
    fail(`clockToleranceSeconds must be a whole number from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}, got ${tolerance}`);
  }
  const stale = props.jwksMaxStaleSeconds;
  if (stale !== undefined && !(Number.isInteger(stale) && stale >= 60 && stale <= 86_400)) {
    fail(`jwksMaxStaleSeconds must be a whole number from 60 to 86400, got ${stale}`);
  }
  const cacheSize = props.tokenCacheSize;
  if (cacheSize !== undefined && !(Number.isInteger(cacheSize) && cacheSize >= 0 && cacheSize <= 100_000)) {
    fail(`tokenCacheSize must be a whole number from 0 to 100000, got ${cacheSize}`);
  }
  if (props.dpop !== undefined && !(DPOP_MODES as readonly string[]).includes(props.dpop)) {
    fail(`dpop must be one of ${DPOP_MODES.map((mode) => `"${mode}"`).join(', ')}, got "${props.dpop}"`);
  }
  if (props.publicUrl !== undefined && !isOrigin(props.publicUrl)) {
    fail(`publicUrl must be an https:// origin with no path, query or fragment (e.g. "https://api.example.com"), got "${props.publicUrl}"`);
  }
  // Without a domain there is no shared origin: each app answers on its own execute-api URL, and a
  // DPoP proof names that URL. A public URL would make the authorizer expect one nobody calls.
  if (props.publicUrl !== undefined && props.domain === undefined) {
    fail(
      'publicUrl needs a domain: without one each app answers on its own execute-api URL, which the authorizer then checks DPoP htu against',
    );
  }
  if (
    props.alarmTopicArn !== undefined &&
    !Token.isUnresolved(props.alarmTopicArn) &&
    !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(props.alarmTopicArn)
  ) {
    fail(`alarmTopicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>), got "${props.alarmTopicArn}"`);
  }
  if (props.domain) validateDomain(props.domain, fail);
}

function validateDomain(domain: GatewayDomainProps, fail: (message: string) => never): void {
  if (!HOSTNAME.test(domain.domainName))
    fail(`domain.domainName must be a lower-case DNS name such as "api.example.com", got "${domain.domainName}"`);
  if (
    domain.certificateArn !== undefined &&
    !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(domain.certificateArn)
  ) {
    fail(
      `domain.certificateArn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), got "${domain.certificateArn}"`,
    );
  }
  if (domain.certificateArn === undefined && domain.hostedZone === undefined) {
    fail('domain needs either certificateArn (an existing regional ACM certificate) or hostedZone (to create one validated through DNS)');
  }
  if (domain.createAliasRecord && domain.hostedZone === undefined) fail('domain.createAliasRecord needs domain.hostedZone');
  const zone = domain.hostedZone;
  if (zone && domain.domainName !== zone.zoneName && !domain.domainName.endsWith(`.${zone.zoneName}`)) {
    fail(`domain.domainName "${domain.domainName}" is not inside domain.hostedZone.zoneName "${zone.zoneName}"`);
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.origin === value.replace(/\/$/, '') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
