import { Arn, ArnFormat, Aws, CfnCondition, Fn, Resource } from 'aws-cdk-lib';
import type { DomainNameReference, IDomainName } from 'aws-cdk-lib/aws-apigatewayv2';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { authorizerFunctionName } from '../contract/names.ts';
import type { Stage } from '../stage.ts';
import type { IRootGateway } from './root-gateway-props.ts';
import { NO_DOMAIN, sharedParameterNames, type SharedParameterNames } from './shared-parameters.ts';
import { stageParameterValue } from './stage-parameter.ts';

/** The shared layer read from SSM parameters; see `RootGateway.fromStageParameters`. */
export class ImportedRootGateway extends Construct implements IRootGateway {
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
