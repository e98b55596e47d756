import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Stage } from '../stage.ts';

/** Previews are torn down with their pull request and must leave nothing behind; dev and prod keep data. */
export function stageRemovalPolicy(stage: Stage): RemovalPolicy {
  return stage.ephemeral ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
}

/** How long logs are kept: long enough to investigate in prod, short where nobody looks back. */
export function stageLogRetention(stage: Stage): RetentionDays {
  switch (stage.kind) {
    case 'prod':
      return RetentionDays.ONE_YEAR;
    case 'dev':
      return RetentionDays.ONE_MONTH;
    case 'preview':
      return RetentionDays.ONE_WEEK;
  }
}
