import { Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';

/**
 * The execution role of a Frontdesk function: no AWS-managed policy (AWSLambdaBasicExecutionRole
 * may write to every log group in the account), only writes to the function's own log group.
 * Other grants (tracing, tables, secrets) are added by CDK and the constructs as needed.
 */
export function functionRole(scope: Construct, id: string, logGroup: ILogGroup): Role {
  const role = new Role(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  // X-Ray active tracing adds xray:PutTraceSegments/PutTelemetryRecords on "*"; the policy
  // lint (FD-IAM-001) allows exactly those on "*" and still rejects any other action there.
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions.',
  });
  return role;
}

/**
 * Records on a Frontdesk function the cdk-nag findings its design answers, each with the reason,
 * so `pnpm lint:policy` shows them as acknowledged rather than as open findings.
 */
export function acknowledgeFunctionDesign(fn: IConstruct): void {
  const runtime =
    'Frontdesk pins nodejs22.x for every function (DESIGN: Lambda targets nodejs22.x) so deployed and local code run one tested runtime; moving runtimes is a deliberate, tested change.';
  Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: runtime });
  Validations.of(fn).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: runtime });
  Validations.of(fn).acknowledge({
    id: 'Serverless-LambdaDLQ',
    reason:
      'Only API Gateway invokes this function, synchronously: failures go back to the caller, and a dead-letter queue only receives asynchronous invocations.',
  });
}
