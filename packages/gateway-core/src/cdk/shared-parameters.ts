import type { Stage } from '../stage.ts';

/**
 * The contract between the shared stack and app stacks: SSM parameters the shared stack publishes
 * under `/frontdesk/<stage>/…` and app stacks read at deploy time. No CloudFormation exports, so
 * the shared stack never becomes un-updatable because an app imports one of its values.
 */
export interface SharedParameterNames {
  /** ARN of the shared authorizer function. */
  readonly authorizerFunctionArn: string;
  /** DPoP mode the authorizer runs with: `off`, `optional` or `required`. */
  readonly dpopMode: string;
  /** The custom domain name, or {@link NO_DOMAIN}. */
  readonly domainName: string;
  /** The domain's regional endpoint (alias target), or {@link NO_DOMAIN}. */
  readonly regionalDomainName: string;
  /** The Route 53 zone of the regional endpoint, or {@link NO_DOMAIN}. */
  readonly regionalHostedZoneId: string;
  /** The external origin DPoP `htu` is checked against, or {@link NO_DOMAIN}. */
  readonly publicUrl: string;
  /** ARN of the log group every app's HTTP API writes its access logs to. */
  readonly accessLogGroupArn: string;
}

/**
 * Published instead of a domain when the stage has none: SSM string parameters cannot be empty.
 * App stacks compare against it in a CloudFormation condition.
 */
export const NO_DOMAIN = 'none';

/** Every parameter name for `stage`. */
export function sharedParameterNames(stage: Stage): SharedParameterNames {
  const prefix = stage.parameterPrefix;
  return {
    authorizerFunctionArn: `${prefix}/authorizer/function-arn`,
    dpopMode: `${prefix}/authorizer/dpop`,
    domainName: `${prefix}/domain/name`,
    regionalDomainName: `${prefix}/domain/regional-domain-name`,
    regionalHostedZoneId: `${prefix}/domain/regional-hosted-zone-id`,
    publicUrl: `${prefix}/domain/public-url`,
    accessLogGroupArn: `${prefix}/access-logs/log-group-arn`,
  };
}
