import { SHARED_APP } from '@frontdesk/gateway-core/policy';
import { REVIEW_LABEL, REVIEW_ORDER, type Change } from './change.ts';
import type { AuthzReport } from './report.ts';

/** The first line of the sticky comment: the CI script finds its own comment by it. */
export const COMMENT_MARKER = '<!-- frontdesk-authz-diff -->';

const HEADLINE: Readonly<Record<AuthzReport['review'], string>> = {
  platform: '🔴 Platform review required',
  'app-owner': '🟡 App owner review',
  routine: '🟢 Routine',
  none: '⚪ No authorization changes',
};
const BADGE = { platform: '🔴 platform', 'app-owner': '🟡 app owner', routine: '🟢 routine' } as const;

/** Markdown for a pull request comment: the summary, then one table per app, most serious first. */
export function renderMarkdown(report: AuthzReport): string {
  const lines = [
    COMMENT_MARKER,
    `## Authorization review: ${HEADLINE[report.review]}`,
    '',
    `**${report.summary}**`,
    '',
    `Compared \`${report.base.ref}\` (${report.base.commit.slice(0, 12)}) with ${report.head}, stage \`${report.stage}\`: ` +
      `${report.scope.apps.length === 0 ? 'no app' : report.scope.apps.map((app) => `\`${app}\``).join(', ')}${report.scope.shared ? ' and the shared stack' : ''}.`,
  ];
  if (report.changes.length > 0) {
    const counts = REVIEW_ORDER.map(
      (review) => [review, report.changes.filter((change) => change.review === review).length] as const,
    ).filter(([, count]) => count > 0);
    lines.push('', counts.map(([review, count]) => `${count} × ${REVIEW_LABEL[review]}`).join(' · '));
  }
  const apps = [...new Set(report.changes.map((change) => change.app))].sort((a, b) =>
    a === SHARED_APP ? -1 : b === SHARED_APP ? 1 : a.localeCompare(b),
  );
  for (const app of apps) {
    const changes = report.changes
      .filter((change) => change.app === app)
      .sort((a, b) => REVIEW_ORDER.indexOf(a.review) - REVIEW_ORDER.indexOf(b.review));
    const file = changes.find((change) => change.file)?.file;
    lines.push(
      '',
      `### ${app === SHARED_APP ? 'Shared stack (infra)' : `\`${app}\``}${file ? ` — \`${file}\`` : ''}`,
      '',
      '| review | what | change | why |',
      '| --- | --- | --- | --- |',
    );
    for (const change of changes)
      lines.push(`| ${BADGE[change.review]} | ${cell(change.subject)} | ${cell(change.title)} | ${cell(change.reason)} |`);
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((note) => `> ${note}`));
  lines.push(
    '',
    report.platformReviewRequired
      ? '_A route became reachable with fewer privileges, a grant widened or a shared setting changed: an approval from the platform team on this commit is required (see README › Authorization review)._'
      : '_No platform review required._',
  );
  return `${lines.join('\n')}\n`;
}

function cell(text: string | Change['subject']): string {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
