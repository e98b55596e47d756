import { Duration, Validations } from 'aws-cdk-lib';
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaApplication, LambdaDeploymentConfig, LambdaDeploymentGroup, TrafficRouting } from 'aws-cdk-lib/aws-codedeploy';
import type { Alias } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { DeploymentSettings } from '../../manifest/operations.ts';
import type { Stage } from '../../stage.ts';

export interface GradualDeploymentProps {
  readonly appName: string;
  readonly stage: Stage;
  /** The `live` alias API Gateway invokes; CodeDeploy shifts it between versions. */
  readonly alias: Alias;
  /** The manifest's `deployment`; must be `canary` or `linear`. */
  readonly settings: DeploymentSettings;
  /** Any of these in ALARM during the shift stops it and moves `live` back. */
  readonly alarms: readonly IAlarm[];
}

/** True when the manifest asks for a gradual deploy (anything but `all-at-once`). */
export function isGradual(settings: DeploymentSettings): boolean {
  return settings.strategy !== 'all-at-once';
}

/**
 * Shifts the `live` alias to each newly published version through CodeDeploy — `canary`
 * (`percent` for `intervalMinutes`, then all) or `linear` (`percent` more every
 * `intervalMinutes`) — and rolls back automatically when one of the app's alarms fires or the
 * deployment fails or is stopped.
 *
 * @example
 * if (isGradual(manifest.deployment)) new GradualDeployment(this, 'Deployment', { appName, stage, alias, settings: manifest.deployment, alarms });
 */
export class GradualDeployment extends Construct {
  public readonly deploymentGroup: LambdaDeploymentGroup;

  constructor(scope: Construct, id: string, props: GradualDeploymentProps) {
    super(scope, id);
    const { settings } = props;
    if (!isGradual(settings)) {
      throw new Error(
        `GradualDeployment: deployment.strategy is "${settings.strategy}"; use "canary" or "linear" (all-at-once needs no CodeDeploy)`,
      );
    }
    const name = `frontdesk-${props.stage.name}-${props.appName}`;
    const shift = { interval: Duration.minutes(settings.intervalMinutes), percentage: settings.percent };
    const deploymentConfig = new LambdaDeploymentConfig(this, 'Config', {
      trafficRouting: settings.strategy === 'canary' ? TrafficRouting.timeBasedCanary(shift) : TrafficRouting.timeBasedLinear(shift),
    });
    this.deploymentGroup = new LambdaDeploymentGroup(this, 'Group', {
      application: new LambdaApplication(this, 'Application', { applicationName: name }),
      deploymentGroupName: name,
      alias: props.alias,
      deploymentConfig,
      alarms: [...props.alarms],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
    // The one AWS-managed policy Frontdesk allows (see MANAGED_POLICY_ALLOW_LIST in the policy lint).
    Validations.of(this.deploymentGroup.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason:
        'CodeDeploy needs its Lambda service role; AWS keeps this Limited variant to aliases, deployment hooks and alarms, which is what shifting live needs.',
    });
  }
}
