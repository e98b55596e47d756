import { Annotations, CfnOutput, CfnParameter, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { RootGateway, gatewayStackName, stageStackProps, type RootGatewayProps } from '@frontdesk/gateway-core/cdk';

export interface GatewayStackProps extends StackProps {
  readonly gateway: RootGatewayProps;
  /**
   * Settings an offline synth filled with, or found holding, a placeholder (`resolveStageConfig`).
   * The template then refuses to deploy, whatever tool deploys it.
   * @default - none: the stack is deployable
   */
  readonly placeholders?: readonly string[];
}

/** The shared layer of one stage, named `frontdesk-<stage>-gateway`. Deploy it before the stage's apps. */
export class GatewayStack extends Stack {
  public readonly gateway: RootGateway;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    const { gateway, ...stackProps } = props;
    super(scope, id, {
      stackName: gatewayStackName(gateway.stage),
      description: `Frontdesk shared gateway, stage ${gateway.stage.name}: authorizer, domain, access logs, SSM parameters`,
      // Previews: their own bootstrap and a permissions boundary on every role (preview-isolation.ts).
      ...stageStackProps(gateway.stage),
      ...stackProps,
    });
    this.gateway = new RootGateway(this, 'Gateway', gateway);
    Tags.of(this).add('frontdesk:stage', gateway.stage.name);
    if (props.placeholders?.length) this.refuseDeploy(props.placeholders);

    new CfnOutput(this, 'AuthorizerFunctionName', { value: this.gateway.authorizerFunction.functionName });
    new CfnOutput(this, 'ParameterPrefix', { value: gateway.stage.parameterPrefix, description: 'Where app stacks read this layer from' });
    if (gateway.domain) {
      // The front door itself; apps answer under https://<domain>/<base path>.
      new CfnOutput(this, 'Url', { value: `https://${gateway.domain.domainName}`, description: 'The shared custom domain' });
    }
  }

  /**
   * `cdk deploy` through our scripts already refuses placeholders at synth; this guard holds for a
   * template deployed any other way. CloudFormation validates a parameter's value (here its
   * default) against `AllowedValues` when it creates a change set, and fails naming the
   * parameter and the constraint description.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
   */
  private refuseDeploy(placeholders: readonly string[]): void {
    const names = placeholders.join(', ');
    Annotations.of(this).addWarningV2(
      'frontdesk:placeholder-settings',
      `Synthesized with placeholder settings (${names}): fine for reading the template, refused by every deploy. Set them to deploy.`,
    );
    new CfnParameter(this, 'FrontdeskPlaceholderSettings', {
      type: 'String',
      default: names,
      allowedValues: ['none'],
      description: 'Settings this template was synthesized without; it cannot be deployed until they are set',
      constraintDescription: `this template was synthesized with placeholder settings (${names}): set them (README: Configuration reference) and synthesize again`,
    });
  }
}
