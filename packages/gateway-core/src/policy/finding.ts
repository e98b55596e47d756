/** How bad a finding is. Any `error` fails the lint; warnings and notes are reported only. */
export type FindingLevel = 'error' | 'warning' | 'note';

/** Where a finding points inside the synthesized app or the manifest. */
export interface ResourceRef {
  /** The CDK construct path (`orders-dev/Api/Route-GET--/Resource`) or a manifest path (`routes["GET /x"]`). */
  readonly path: string;
  /** The CloudFormation logical id, when the finding is about a template resource. */
  readonly logicalId?: string;
  /** Other names a suppression may use for this resource, e.g. the route key `GET /health`. */
  readonly aliases?: readonly string[];
}

/** One thing the policy lint wants changed. */
export interface Finding {
  /** Stable id such as `FD-IAM-001` or a cdk-nag id such as `AwsSolutions-IAM5[Resource::*]`. */
  readonly ruleId: string;
  readonly level: FindingLevel;
  /** The app the finding belongs to (its manifest name), `infra` for the shared layer, `workspace` for cross-app. */
  readonly app: string;
  readonly resource: ResourceRef;
  readonly message: string;
  /** One line saying what to change. */
  readonly fix: string;
  /** Repository-relative file the finding is reported against (the manifest, CODEOWNERS, …). */
  readonly file?: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** Text to look for in `file` to find `line` (e.g. the route key). */
  readonly anchor?: string;
}

/** A finding someone acknowledged, kept for the audit trail (JSON and SARIF carry it). */
export interface SuppressedFinding extends Finding {
  readonly suppression: {
    readonly reason: string;
    /**
     * `manifest`: a `policy.suppressions` entry; `public-route`: the manifest marks the route
     * public with this reason; `construct`: a `Validations.of(construct).acknowledge()` in CDK code.
     */
    readonly source: 'manifest' | 'public-route' | 'construct';
  };
}

/** The outcome of one lint run. */
export interface PolicyResult {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}

export function errorCount(result: PolicyResult): number {
  return result.findings.filter((finding) => finding.level === 'error').length;
}
