/**
 * `pnpm authz:review --report authz-report.json --pr <number> --head <sha>`: the required check
 * behind `pnpm authz diff`. Passes when the report needs no platform review; otherwise only when
 * a platform reviewer (a login in FRONTDESK_PLATFORM_REVIEWERS, not the pull request's author)
 * has approved THIS head commit and not since requested changes. A new push needs a new approval.
 *
 * Why logins in a variable rather than a team: the workflow's GITHUB_TOKEN cannot read
 * organization team membership (that needs a token with `read:org`). CODEOWNERS keeps asking
 * the platform team for packages/, infra/ and .github/ changes; this check adds the app-level
 * changes CODEOWNERS cannot see (an app owner making their own route public).
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { AuthzReport } from '../../packages/cli/src/authz/report.ts';
import { readReport } from './authz-comment.ts';
import { gitHubClient, type GitHubClient } from './github-api.ts';

export interface Review {
  readonly user: { readonly login: string } | null;
  readonly state: string;
  readonly commit_id: string;
  readonly submitted_at?: string;
}

export interface Verdict {
  readonly ok: boolean;
  readonly message: string;
}

export function reviewers(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((login) => login.replace(/^@/, '').toLowerCase())
    .filter(Boolean);
}

/** The decision, from the report, the reviews (oldest first, as GitHub lists them) and who may approve. */
export function decide(
  report: Pick<AuthzReport, 'platformReviewRequired' | 'summary'>,
  reviews: readonly Review[],
  platform: readonly string[],
  author: string,
  head: string,
): Verdict {
  if (!report.platformReviewRequired) return { ok: true, message: `No platform review required: ${report.summary}` };
  if (platform.length === 0) {
    return {
      ok: false,
      message: 'Platform review required, but FRONTDESK_PLATFORM_REVIEWERS (repository variable: platform reviewers’ logins) is empty',
    };
  }
  // Each reviewer's latest decisive review counts; comments neither approve nor withdraw.
  const latest = new Map<string, Review>();
  for (const review of reviews) {
    const login = review.user?.login.toLowerCase();
    if (!login || !['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(review.state)) continue;
    latest.set(login, review);
  }
  const approvers = [...latest.entries()]
    .filter(
      ([login, review]) =>
        review.state === 'APPROVED' && review.commit_id === head && platform.includes(login) && login !== author.toLowerCase(),
    )
    .map(([login]) => login);
  if (approvers.length > 0)
    return {
      ok: true,
      message: `Platform review required and given by ${approvers.join(', ')} on ${head.slice(0, 12)}: ${report.summary}`,
    };
  const blocked = [...latest.entries()]
    .filter(([login, review]) => review.state === 'CHANGES_REQUESTED' && platform.includes(login))
    .map(([login]) => login);
  return {
    ok: false,
    message:
      `Platform review required (${report.summary}): waiting for an approval of ${head.slice(0, 12)} from one of ${platform.join(', ')}` +
      (blocked.length > 0 ? `; changes requested by ${blocked.join(', ')}` : ''),
  };
}

export async function reviewsOf(client: GitHubClient, pr: number): Promise<Review[]> {
  return client.list<Review>(`/repos/${client.repository}/pulls/${pr}/reviews`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { report: { type: 'string' }, pr: { type: 'string' }, head: { type: 'string' }, author: { type: 'string' } },
  });
  const pr = Number(values.pr);
  if (!values.report || !values.head || !values.author || !Number.isInteger(pr) || pr < 1) {
    console.error('usage: pnpm authz:review --report <authz-report.json> --pr <number> --head <sha> --author <login>');
    process.exit(2);
  }
  const report = readReport(values.report);
  const reviews = report.platformReviewRequired ? await reviewsOf(gitHubClient(), pr) : [];
  const verdict = decide(report, reviews, reviewers(process.env.FRONTDESK_PLATFORM_REVIEWERS), values.author, values.head);
  console.log(verdict.message);
  if (!verdict.ok) console.log(`::error title=Platform review required::${verdict.message}`);
  process.exit(verdict.ok ? 0 : 1);
}
