import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { RootGateway, gatewayStackName, type RootGatewayProps } from '@frontdesk/gateway-core/cdk';

export interface GatewayStackProps extends StackProps {
  readonly gateway: RootGatewayProps;
}

/** The shared layer of one stage, named `frontdesk-<stage>-gateway`. Deploy it before the stage's apps. */
export class GatewayStack extends Stack {
  public readonly gateway: RootGateway;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    const { gateway, ...stackProps } = props;
    super(scope, id, {
      stackName: gatewayStackName(gateway.stage),
      description: `Frontdesk shared gateway, stage ${gateway.stage.name}: authorizer, domain, access logs, SSM parameters`,
      ...stackProps,
    });
    this.gateway = new RootGateway(this, 'Gateway', gateway);
    Tags.of(this).add('frontdesk:stage', gateway.stage.name);

    new CfnOutput(this, 'AuthorizerFunctionName', { value: this.gateway.authorizerFunction.functionName });
    new CfnOutput(this, 'ParameterPrefix', { value: gateway.stage.parameterPrefix, description: 'Where app stacks read this layer from' });
    if (gateway.domain) {
      // The front door itself; apps answer under https://<domain>/<base path>.
      new CfnOutput(this, 'Url', { value: `https://${gateway.domain.domainName}`, description: 'The shared custom domain' });
    }
  }
}
