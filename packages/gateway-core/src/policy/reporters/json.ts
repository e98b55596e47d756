import type { PolicyResult } from '../finding.ts';

/** The machine-readable report: findings and suppressed findings (with their reasons), as they are. */
export function formatJson(result: PolicyResult): string {
  return `${JSON.stringify({ version: 1, findings: result.findings, suppressed: result.suppressed }, null, 2)}\n`;
}
