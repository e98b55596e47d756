/**
 * `pnpm authz:comment --report authz-report.json --pr <number>`: posts the `pnpm authz diff`
 * report as the pull request's one sticky comment — updating the comment this workflow posted
 * before (found by its marker line and its bot author), else creating it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { COMMENT_MARKER, renderMarkdown } from '../../packages/cli/src/authz/render-markdown.ts';
import type { AuthzReport } from '../../packages/cli/src/authz/report.ts';
import { gitHubClient, type GitHubClient } from './github-api.ts';

/** The author of comments made with the workflow's GITHUB_TOKEN. */
const ACTIONS_BOT = 'github-actions[bot]';

interface IssueComment {
  readonly id: number;
  readonly body?: string;
  readonly user: { readonly login: string; readonly type?: string } | null;
  readonly html_url: string;
}

/**
 * The comment to update: ours only (marker first line AND the bot as author), so nobody can
 * plant a comment with the marker and have CI overwrite or hide behind it. The newest wins.
 */
export function findStickyComment(comments: readonly IssueComment[], author = ACTIONS_BOT): IssueComment | undefined {
  return comments.filter((comment) => comment.user?.login === author && (comment.body ?? '').startsWith(COMMENT_MARKER)).at(-1);
}

export async function upsertComment(
  client: GitHubClient,
  pr: number,
  body: string,
): Promise<{ action: 'created' | 'updated'; url: string }> {
  const comments = await client.list<IssueComment>(`/repos/${client.repository}/issues/${pr}/comments`);
  const existing = findStickyComment(comments);
  if (existing) {
    if (existing.body === body) return { action: 'updated', url: existing.html_url };
    const updated = await client.request<IssueComment>('PATCH', `/repos/${client.repository}/issues/comments/${existing.id}`, { body });
    return { action: 'updated', url: updated.html_url };
  }
  const created = await client.request<IssueComment>('POST', `/repos/${client.repository}/issues/${pr}/comments`, { body });
  return { action: 'created', url: created.html_url };
}

export function readReport(file: string): AuthzReport {
  let report: AuthzReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as AuthzReport;
  } catch (error) {
    throw new Error(`${file}: not a pnpm authz diff JSON report: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(report.changes) || typeof report.summary !== 'string')
    throw new Error(`${file}: not a pnpm authz diff JSON report (no changes or summary)`);
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { report: { type: 'string' }, pr: { type: 'string' } } });
  const pr = Number(values.pr);
  if (!values.report || !Number.isInteger(pr) || pr < 1) {
    console.error('usage: pnpm authz:comment --report <authz-report.json> --pr <pull request number>');
    process.exit(2);
  }
  const result = await upsertComment(gitHubClient(), pr, renderMarkdown(readReport(values.report)));
  console.log(`${result.action} ${result.url}`);
}
