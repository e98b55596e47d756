import type { Finding, PolicyResult } from '../finding.ts';

const where = (finding: Finding): string =>
  finding.file === undefined ? '' : ` (${finding.file}${finding.line === undefined ? '' : `:${finding.line}`})`;

/**
 * The human-readable report: one block per finding, grouped by app, then a summary line.
 *
 * @example
 * error FD-IAM-001 orders  orders-dev/Handler/ServiceRole/DefaultPolicy/Resource (apps/orders/app.config.ts)
 *   IAM statement in HandlerServiceRoleDefaultPolicy allows "s3:*" on resource "*"
 *   fix: Grant the specific actions on the specific resource ARNs …
 */
export function formatText(result: PolicyResult): string {
  const lines: string[] = [];
  for (const finding of result.findings) {
    lines.push(`${finding.level} ${finding.ruleId} ${finding.app}  ${finding.resource.path}${where(finding)}`);
    lines.push(`  ${finding.message}`);
    lines.push(`  fix: ${finding.fix}`);
  }
  const count = (level: Finding['level']) => result.findings.filter((finding) => finding.level === level).length;
  if (lines.length > 0) lines.push('');
  lines.push(
    `policy: ${count('error')} error(s), ${count('warning')} warning(s), ${count('note')} note(s); ${result.suppressed.length} suppressed with a reason`,
  );
  return `${lines.join('\n')}\n`;
}
