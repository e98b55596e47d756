import type { Difference, PathShape } from './compare.ts';
import type { CheckResult, VerifyReport } from './report-types.ts';

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };
const show = (value: unknown) => (value === undefined ? '(absent)' : JSON.stringify(value));

function differenceLine(difference: Difference): string {
  const values =
    'remote' in difference || 'local' in difference ? `: stage ${show(difference.remote)}, pnpm dev ${show(difference.local)}` : '';
  return `${difference.severity === 'fail' ? 'differs' : 'note   '} ${difference.field}${values} (${difference.reason})`;
}

function pathShapeLines(shape: { stage: PathShape; local?: PathShape }): string[] {
  const line = (label: string, value: PathShape) =>
    `${label}: rawPath ${show(value.rawPath.value)} (${value.rawPath.shape}), requestContext.http.path ${show(value.httpPath.value)} (${value.httpPath.shape})`;
  return [line('path shape of the stage', shape.stage), ...(shape.local ? [line('path shape of pnpm dev', shape.local)] : [])];
}

/** The report for a terminal: one line per check, what was sent, expected and received, and every difference. */
export function formatText(report: VerifyReport): string {
  const lines = [`pnpm verify ${report.target}`, `  DPoP ${report.dpop}; tokens from ${report.tokenEndpoint ?? '(none)'}`, ''];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]}  ${check.title}  [${check.id}]`);
    if (check.request) lines.push(`      sent      ${check.request}`);
    if (check.expected && check.status !== 'pass') lines.push(`      expected  ${check.expected}`);
    if (check.actual && check.status !== 'pass') lines.push(`      received  ${check.actual}`);
    if (check.detail) lines.push(`      ${check.detail}`);
    for (const difference of check.differences ?? []) lines.push(`      ${differenceLine(difference)}`);
  }
  lines.push('');
  if (report.pathShape) lines.push(...pathShapeLines(report.pathShape), '');
  const { passed, failed, skipped } = report.summary;
  lines.push(
    `${passed} passed, ${failed} failed, ${skipped} skipped: ${report.ok ? 'the stage keeps the contract' : 'the stage breaks the contract'}`,
  );
  return `${lines.join('\n')}\n`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as a Markdown section, for the preview pull request comment. */
export function formatMarkdown(report: VerifyReport): string {
  const { passed, failed, skipped } = report.summary;
  const lines = [
    `#### \`pnpm verify\` ${report.ok ? 'passed' : 'FAILED'}: ${passed} passed, ${failed} failed, ${skipped} skipped`,
    '',
    `Target ${report.target}, DPoP \`${report.dpop}\`, tokens from ${report.tokenEndpoint ?? '(none)'}.`,
    '',
    '| | check | sent | received |',
    '| --- | --- | --- | --- |',
  ];
  for (const check of report.checks) {
    const received =
      check.status === 'pass'
        ? (check.actual ?? check.detail ?? '')
        : [check.actual && `${check.actual} (expected ${check.expected})`, check.detail].filter(Boolean).join('; ');
    lines.push(`| ${MARK[check.status]} | ${cell(check.title)} | ${cell(check.request ?? '')} | ${cell(received)} |`);
  }
  const differences = report.checks.flatMap((check) => check.differences ?? []);
  if (differences.length > 0)
    lines.push(
      '',
      '<details><summary>Request shape differences</summary>',
      '',
      ...differences.map((difference) => `- ${cell(differenceLine(difference))}`),
      '',
      '</details>',
    );
  if (report.pathShape) lines.push('', ...pathShapeLines(report.pathShape).map((line) => `- ${line}`));
  return `${lines.join('\n')}\n`;
}
