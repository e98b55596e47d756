import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Stage } from '../../stage.ts';

export interface AlarmNotificationsProps {
  readonly stage: Stage;
  /** The SNS topic to tell; its resource policy must allow `events.amazonaws.com` to `sns:Publish`. */
  readonly topicArn: string;
}

/**
 * Sends every state change of the stage's alarms to one SNS topic. Apps deploy on their own and
 * never redeploy the shared stack, so their alarms are not given actions one by one: an
 * EventBridge rule on the default bus matches CloudWatch's "CloudWatch Alarm State Change" events
 * by alarm name prefix `frontdesk-<stage>-` (the prefix of every Frontdesk alarm name; the trailing
 * `-` keeps `pr-1` from matching `pr-12`), and a new app's alarms are covered the day they exist.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export class AlarmNotifications extends Construct {
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, props: AlarmNotificationsProps) {
    super(scope, id);
    const topic = Topic.fromTopicArn(this, 'Topic', props.topicArn);
    this.rule = new Rule(this, 'Rule', {
      ruleName: `frontdesk-${props.stage.name}-alarm-notifications`,
      description: `Frontdesk ${props.stage.name}: every frontdesk-${props.stage.name}-* alarm state change to the stage's alarm topic`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        detail: { alarmName: Match.prefix(`frontdesk-${props.stage.name}-`) },
      },
      // An imported topic's policy is not ours to change; the README says what it must allow.
      targets: [new SnsTopic(topic)],
    });
  }
}
