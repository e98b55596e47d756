import { describe, expect, it } from 'vitest';
import { readJson, readYaml } from './repo.ts';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, { types?: string[] } | null>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { name: string; permissions: Record<string, string>; steps: Step[] }>;
}

const workflow = readYaml<Workflow>('.github/workflows/authz.yml');
const job = workflow.jobs.review!;
const step = (text: string) => job.steps.find((candidate) => candidate.run?.includes(text));

describe('authz.yml: the authorization review of every pull request', () => {
  it('runs on pull requests and again when a review is submitted or dismissed, under one stable check name', () => {
    expect(workflow.on.pull_request?.types).toEqual(['opened', 'synchronize', 'reopened', 'ready_for_review']);
    expect(workflow.on.pull_request_review?.types).toEqual(['submitted', 'dismissed']);
    expect(Object.keys(workflow.jobs)).toEqual(['review']);
    expect(job.name).toBe('authorization review'); // the required status check in branch protection
    expect(workflow.concurrency.group).toBe('authz-${{ github.event.pull_request.number }}');
  });

  it('reads contents and writes only pull request comments', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('diffs the head commit against its merge base with the base branch, tolerating exit 1 and failing on 2', () => {
    expect(job.steps[0]).toMatchObject({
      uses: 'actions/checkout@v4',
      with: { ref: '${{ github.event.pull_request.head.sha }}', 'fetch-depth': 0 },
    });
    const diff = step('authz diff')!;
    expect(diff.run).toContain('git merge-base HEAD "$BASE_REF"');
    expect(diff.run).toContain('pnpm --silent authz diff --base "$base" --install-base --format json --output authz-report.json');
    expect(diff.run).toContain('if [ "$code" -gt 1 ]; then exit "$code"; fi');
    expect(diff.env?.BASE_REF).toBe('origin/${{ github.event.pull_request.base.ref }}');
  });

  it('posts the sticky comment (not from forks, whose token is read-only) and then gates on a platform approval', () => {
    const comment = step('authz:comment')!;
    expect(comment.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(comment.env?.GITHUB_TOKEN).toBe('${{ github.token }}');
    const gate = step('authz:review')!;
    expect(job.steps.indexOf(gate)).toBe(job.steps.length - 1);
    expect(gate.if).toBeUndefined();
    expect(gate.env).toMatchObject({
      FRONTDESK_PLATFORM_REVIEWERS: '${{ vars.FRONTDESK_PLATFORM_REVIEWERS }}',
      HEAD_SHA: '${{ github.event.pull_request.head.sha }}',
    });
    const scripts = readJson<{ scripts: Record<string, string> }>('package.json').scripts;
    expect(scripts['authz:comment']).toBe('tsx .github/scripts/authz-comment.ts');
    expect(scripts['authz:review']).toBe('tsx .github/scripts/authz-review.ts');
  });
});
