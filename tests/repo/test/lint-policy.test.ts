import { beforeAll, describe, expect, it } from 'vitest';
import type { Log } from 'sarif';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lintPolicy, type LintOutcome } from '../../../packages/cli/src/lint-policy/lint.ts';
import { repoRoot } from './repo.ts';

// One real in-process synthesis of every example app and infra/ (bundling skipped), shared by the file.
describe('the repository’s own apps and shared layer', () => {
  let outcome: LintOutcome;
  beforeAll(async () => {
    outcome = await lintPolicy({ root: repoRoot, stage: 'dev' });
  }, 180_000);

  it('lint clean: no findings at any level', () => {
    expect(outcome.result.findings).toEqual([]);
    expect(outcome.errors).toBe(0);
  });

  it('suppress only with reasons, and say where each came from', () => {
    const suppressed = outcome.result.suppressed;
    expect(suppressed.length).toBeGreaterThan(0);
    for (const finding of suppressed) expect(finding.suppression.reason.length).toBeGreaterThanOrEqual(20);
    // users' public health route answers cdk-nag's missing-authorization finding with its manifest reason.
    expect(suppressed).toContainEqual(
      expect.objectContaining({
        ruleId: 'AwsSolutions-APIG4',
        app: 'users',
        suppression: expect.objectContaining({ source: 'public-route' }),
      }),
    );
    // orders' signing key rotates (rotation: { days: 30 }): no rotation finding to answer, found or suppressed;
    // its rotation function answers the DLQ finding in the construct, with the reason.
    expect([...outcome.result.findings, ...suppressed].filter((finding) => finding.ruleId === 'AwsSolutions-SMG4')).toEqual([]);
    expect(suppressed).toContainEqual(
      expect.objectContaining({
        ruleId: 'Serverless-LambdaDLQ',
        app: 'orders',
        resource: expect.objectContaining({ path: expect.stringContaining('FilesSigningKeyRotation') }),
        suppression: expect.objectContaining({ source: 'construct' }),
      }),
    );
    expect(suppressed).toContainEqual(
      expect.objectContaining({
        ruleId: 'Serverless-LambdaDLQ',
        app: 'infra',
        suppression: expect.objectContaining({ source: 'construct' }),
      }),
    );
  });

  it('cover every app and the shared layer', () => {
    const apps = new Set(outcome.result.suppressed.map((finding) => finding.app));
    // Every app folder, so an app added with `pnpm create-app` counts too.
    const folders = readdirSync(join(repoRoot, 'apps')).filter((name) => existsSync(join(repoRoot, 'apps', name, 'app.config.ts')));
    expect(folders).toEqual(expect.arrayContaining(['orders', 'users']));
    expect([...apps].sort()).toEqual(['infra', ...folders].sort());
  });

  it('render SARIF with suppressed results carrying their justification', () => {
    const log = JSON.parse(outcome.render('sarif')) as Log;
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBe(outcome.result.suppressed.length);
    for (const result of results) expect(result.suppressions?.[0]?.justification).toBeTruthy();
  });
});
