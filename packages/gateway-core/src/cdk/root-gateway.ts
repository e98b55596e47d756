import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { DomainName, EndpointType, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AaaaRecord, ARecord, HostedZone, RecordTarget, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AUTHORIZER_TIMEOUT_SECONDS } from '../authorizer/budgets.ts';
import type { Stage } from '../stage.ts';
import { DEFAULT_DPOP_MODE, type DpopMode } from '../contract/dpop-mode.ts';
import { authorizerFunctionName } from '../contract/names.ts';
import { HANDLER_NAME, HANDLER_RUNTIME, handlerCode } from './nodejs-bundling.ts';
import { ImportedRootGateway } from './imported-root-gateway.ts';
import type { GatewayDomainProps, IRootGateway, RootGatewayProps } from './root-gateway-props.ts';
import { authorizerEnvironment, validateDeploymentProps, validateIdentityProps } from './root-gateway-validation.ts';
import { NO_DOMAIN, sharedParameterNames } from './shared-parameters.ts';
import { stageLogRetention, stageRemovalPolicy } from './stage-defaults.ts';
import { acknowledgeFunctionDesign, functionRole } from './function-guardrails.ts';
import { GatewayOverview } from './observability/gateway-overview.ts';
import { AlarmNotifications } from './observability/alarm-notifications.ts';

export type { GatewayDomainProps, IRootGateway, RootGatewayProps } from './root-gateway-props.ts';

/** The shared authorizer's module; the deployed Lambda and the local gateway run the same code. */
const AUTHORIZER_ENTRY = fileURLToPath(new URL('../authorizer/handler.ts', import.meta.url));

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
    validateIdentityProps(props);
    this.stage = props.stage;
    this.dpop = props.dpop ?? DEFAULT_DPOP_MODE;
    this.publicUrl = props.publicUrl ?? (props.domain ? `https://${props.domain.domainName}` : undefined);
    // Validated by the authorizer's own settings loader; defaults are the authorizer's.
    const environment = authorizerEnvironment(props, { dpop: this.dpop, publicUrl: this.publicUrl });
    validateDeploymentProps(props);
    this.removalPolicy = props.removalPolicy ?? stageRemovalPolicy(props.stage);
    this.logRetention = props.logRetention ?? stageLogRetention(props.stage);

    this.replayTable = this.dpop === 'off' ? undefined : this.createReplayTable();
    this.authorizerFunction = this.createAuthorizerFunction(environment);
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

  private createAuthorizerFunction(environment: Record<string, string>): NodejsFunction {
    const logGroup = new LogGroup(this, 'AuthorizerLogs', {
      logGroupName: `/aws/lambda/${authorizerFunctionName(this.stage)}`,
      retention: this.logRetention,
      removalPolicy: this.removalPolicy,
    });
    const fn = new NodejsFunction(this, 'Authorizer', {
      functionName: authorizerFunctionName(this.stage),
      description: `Frontdesk global authorizer (${this.stage.name}): OIDC/JWT and DPoP, per-route scopes from stage variables`,
      code: handlerCode(AUTHORIZER_ENTRY),
      handler: HANDLER_NAME,
      runtime: HANDLER_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      // API Gateway waits 10 s for a Lambda authorizer, cold start included; the runtime's fetch and
      // replay budgets fit inside this timeout (authorizer/budgets.ts, cdk/authorizer-budgets.test.ts).
      timeout: Duration.seconds(AUTHORIZER_TIMEOUT_SECONDS),
      environment: this.replayTable ? { ...environment, FRONTDESK_REPLAY_TABLE: this.replayTable.tableName } : environment,
      logGroup,
      role: functionRole(this, 'AuthorizerRole', logGroup),
      tracing: Tracing.ACTIVE,
    });
    acknowledgeFunctionDesign(fn);
    // The replay store needs exactly one call: a conditional put of each proof's jti.
    this.replayTable?.grant(fn, 'dynamodb:PutItem');
    return fn;
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
    // validateDeploymentProps guarantees a zone when no certificate ARN is given.
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
