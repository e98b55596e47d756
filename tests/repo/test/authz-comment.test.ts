import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findStickyComment, readReport, upsertComment } from '../../../.github/scripts/authz-comment.ts';
import { decide, reviewers, reviewsOf, type Review } from '../../../.github/scripts/authz-review.ts';
import { gitHubClient } from '../../../.github/scripts/github-api.ts';
import { COMMENT_MARKER } from '../../../packages/cli/src/authz/render-markdown.ts';

// GitHub REST payloads in the documented response shape (List issue comments, List reviews for a
// pull request), served by a real HTTP server with GitHub's Link pagination.
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/github/${name}`, import.meta.url), 'utf8')) as T;
const HEAD = '2222222222222222222222222222222222222222';

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

let server: Server | undefined;
afterEach(() => server?.close());

async function fakeGitHub(
  routes: Record<string, (request: IncomingMessage, base: string) => { status?: number; body: unknown; link?: string }>,
): Promise<{ env: Record<string, string>; calls: Recorded[] }> {
  const calls: Recorded[] = [];
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      calls.push({
        method: request.method!,
        url: request.url!,
        authorization: request.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      });
      const route = routes[`${request.method} ${request.url}`];
      const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
      const answer = route
        ? route(request, base)
        : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
      response.writeHead(answer.status ?? 200, {
        'content-type': 'application/json; charset=utf-8',
        ...(answer.link ? { link: answer.link } : {}),
      });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server!.address() as AddressInfo).port;
  return { env: { GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: 'acme/frontdesk', GITHUB_API_URL: `http://127.0.0.1:${port}` }, calls };
}

const pagedComments = {
  'GET /repos/acme/frontdesk/issues/42/comments?per_page=100': (_: IncomingMessage, base: string) => ({
    body: fixture('issue-comments-page-1.json'),
    link: `<${base}/repositories/1/issues/42/comments?per_page=100&page=2>; rel="next", <${base}/repositories/1/issues/42/comments?per_page=100&page=2>; rel="last"`,
  }),
  'GET /repositories/1/issues/42/comments?per_page=100&page=2': () => ({ body: fixture('issue-comments-page-2.json') }),
};

describe('pnpm authz:comment', () => {
  it('updates the comment this workflow posted before, found on a later page, never one a person planted with the marker', async () => {
    const github = await fakeGitHub({
      ...pagedComments,
      'PATCH /repos/acme/frontdesk/issues/comments/2470000003': () => ({
        body: { id: 2470000003, html_url: 'https://github.com/acme/frontdesk/pull/42#issuecomment-2470000003' },
      }),
    });
    const result = await upsertComment(gitHubClient(github.env), 42, `${COMMENT_MARKER}\nnew report\n`);
    expect(result).toEqual({ action: 'updated', url: 'https://github.com/acme/frontdesk/pull/42#issuecomment-2470000003' });
    expect(github.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /repos/acme/frontdesk/issues/42/comments?per_page=100',
      'GET /repositories/1/issues/42/comments?per_page=100&page=2',
      'PATCH /repos/acme/frontdesk/issues/comments/2470000003',
    ]);
    expect(github.calls[2]).toMatchObject({ authorization: 'Bearer ghs_test', body: { body: `${COMMENT_MARKER}\nnew report\n` } });
  });

  it('creates the comment when the workflow has not posted one', async () => {
    const page1 = fixture<{ user: { login: string } }[]>('issue-comments-page-1.json');
    expect(findStickyComment(page1 as never)).toBeUndefined(); // mallory's marker comment does not count
    const github = await fakeGitHub({
      'GET /repos/acme/frontdesk/issues/42/comments?per_page=100': () => ({ body: page1 }),
      'POST /repos/acme/frontdesk/issues/42/comments': () => ({
        status: 201,
        body: { id: 2470000009, html_url: 'https://github.com/acme/frontdesk/pull/42#issuecomment-2470000009' },
      }),
    });
    const result = await upsertComment(gitHubClient(github.env), 42, `${COMMENT_MARKER}\nreport\n`);
    expect(result.action).toBe('created');
    expect(github.calls.at(-1)).toMatchObject({ method: 'POST', body: { body: `${COMMENT_MARKER}\nreport\n` } });
  });

  it('names the status and path when GitHub refuses, and refuses to run without a token', async () => {
    const github = await fakeGitHub({
      'GET /repos/acme/frontdesk/issues/42/comments?per_page=100': () => ({
        status: 403,
        body: { message: 'Resource not accessible by integration' },
      }),
    });
    await expect(upsertComment(gitHubClient(github.env), 42, 'x')).rejects.toThrow(
      'GitHub GET /repos/acme/frontdesk/issues/42/comments answered 403: {"message":"Resource not accessible by integration"}',
    );
    expect(() => gitHubClient({ GITHUB_REPOSITORY: 'acme/frontdesk' })).toThrow('GITHUB_TOKEN is not set');
  });

  it('reads only authz diff JSON reports', () => {
    expect(() => readReport(new URL('./fixtures/github/pull-reviews.json', import.meta.url).pathname)).toThrow(
      'not a pnpm authz diff JSON report (no changes or summary)',
    );
  });
});

describe('pnpm authz:review (the required check)', () => {
  const required = { platformReviewRequired: true, summary: '1 route became reachable with fewer privileges' };
  const platform = reviewers('@platform-pat, platform-quinn');

  it('passes without asking anyone when the diff needs no platform review', () => {
    expect(decide({ platformReviewRequired: false, summary: '1 route added' }, [], [], 'alice', HEAD)).toEqual({
      ok: true,
      message: 'No platform review required: 1 route added',
    });
  });

  it('fails on the recorded reviews: the platform approval is of an older commit, the other approval is not a platform reviewer’s, and changes were requested', async () => {
    const github = await fakeGitHub({
      'GET /repos/acme/frontdesk/pulls/42/reviews?per_page=100': () => ({ body: fixture('pull-reviews.json') }),
    });
    const reviews = await reviewsOf(gitHubClient(github.env), 42);
    expect(reviews).toHaveLength(4);
    expect(decide(required, reviews, platform, 'alice', HEAD)).toEqual({
      ok: false,
      message:
        'Platform review required (1 route became reachable with fewer privileges): waiting for an approval of 222222222222 from one of platform-pat, platform-quinn; changes requested by platform-quinn',
    });
  });

  it('passes once a platform reviewer approves the head commit, and not when the approver is the author or later requested changes', () => {
    const reviews = fixture<Review[]>('pull-reviews.json');
    const approval: Review = { user: { login: 'Platform-Pat' }, state: 'APPROVED', commit_id: HEAD };
    expect(decide(required, [...reviews, approval], platform, 'alice', HEAD)).toMatchObject({
      ok: true,
      message: expect.stringContaining('given by platform-pat on 222222222222'),
    });
    expect(decide(required, [...reviews, approval], platform, 'platform-pat', HEAD).ok).toBe(false);
    expect(decide(required, [...reviews, approval, { ...approval, state: 'CHANGES_REQUESTED' }], platform, 'alice', HEAD).ok).toBe(false);
  });

  it('fails naming the variable when no platform reviewers are configured', () => {
    expect(decide(required, [], reviewers(''), 'alice', HEAD).message).toContain('FRONTDESK_PLATFORM_REVIEWERS');
  });
});
