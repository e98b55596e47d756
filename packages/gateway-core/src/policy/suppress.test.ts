import { describe, expect, it } from 'vitest';
import type { PolicySuppression } from '../manifest/index.ts';
import type { Finding } from './finding.ts';
import { cleanInput, cleanManifest } from './fixtures/clean-app.ts';
import { MISCONFIGURED } from './fixtures/misconfigured.ts';
import type { PolicyInput } from './input.ts';
import { lintPolicy } from './lint.ts';

/** The input of `fixture` with the orders manifest carrying `suppressions`. */
function suppressing(fixture: () => PolicyInput, suppressions: PolicySuppression[]): PolicyInput {
  const input = fixture();
  const [orders, ...rest] = input.apps;
  const manifest = cleanManifest({ policy: { suppressions } });
  return { ...input, apps: [{ ...(orders as PolicyInput['apps'][number]), manifest }, ...rest] };
}

const REASON = 'The handler validates the key itself and rotates it daily, see runbook 12.';

describe('suppressions', () => {
  it('suppress a finding by rule id and construct path, keeping it with its reason for the audit trail', () => {
    const result = lintPolicy(
      suppressing(MISCONFIGURED['FD-OPS-003']!, [{ rule: 'FD-OPS-003', resource: 'orders-dev/Handler/Resource', reason: REASON }]),
    );
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toEqual([
      expect.objectContaining({ ruleId: 'FD-OPS-003', suppression: { reason: REASON, source: 'manifest' } }),
    ]);
  });

  it('match by logical id, by path without the stack name, or by route key', () => {
    for (const resource of ['Handler', 'Handler/Resource']) {
      const result = lintPolicy(suppressing(MISCONFIGURED['FD-OPS-003']!, [{ rule: 'FD-OPS-003', resource, reason: REASON }]));
      expect(result.findings).toEqual([]);
    }
    const byRoute = lintPolicy(suppressing(MISCONFIGURED['FD-AUTH-001']!, [{ rule: 'FD-AUTH-001', resource: 'GET /', reason: REASON }]));
    expect(byRoute.findings).toEqual([]);
  });

  it('report a suppression without a sentence of reason, and do not let it suppress', () => {
    for (const reason of [undefined, '', 'ok', 'known issue']) {
      const entry: PolicySuppression = { rule: 'FD-OPS-003', resource: 'Handler', ...(reason === undefined ? {} : { reason }) };
      const result = lintPolicy(suppressing(MISCONFIGURED['FD-OPS-003']!, [entry]));
      expect(result.findings.map((finding) => finding.ruleId).sort()).toEqual(['FD-OPS-003', 'FD-SUPPRESS-001']);
      expect(result.findings.find((finding) => finding.ruleId === 'FD-SUPPRESS-001')).toMatchObject({
        app: 'orders',
        file: 'apps/orders/app.config.ts',
        message: expect.stringContaining('suppression of FD-OPS-003 on "Handler"'),
      });
    }
  });

  it('report a suppression that matches nothing (wrong rule, wrong resource, or fixed finding)', () => {
    for (const entry of [
      { rule: 'FD-OPS-001', resource: 'Handler', reason: REASON },
      { rule: 'FD-OPS-003', resource: 'OtherHandler', reason: REASON },
    ]) {
      const result = lintPolicy(suppressing(MISCONFIGURED['FD-OPS-003']!, [entry]));
      expect(result.findings.map((finding) => finding.ruleId).sort()).toEqual(['FD-OPS-003', 'FD-SUPPRESS-002']);
    }
    const fixed = lintPolicy(suppressing(cleanInput, [{ rule: 'FD-OPS-003', resource: 'Handler', reason: REASON }]));
    expect(fixed.findings.map((finding) => finding.ruleId)).toEqual(['FD-SUPPRESS-002']);
  });

  it('do not reach across apps: an app suppresses only its own findings', () => {
    const input = suppressing(MISCONFIGURED['FD-OPS-003']!, []);
    const users = {
      dir: 'apps/users',
      manifestFile: 'apps/users/app.config.ts',
      manifest: cleanManifest({
        name: 'users',
        basePath: 'users',
        policy: { suppressions: [{ rule: 'FD-OPS-003', resource: 'Handler', reason: REASON }] },
      }),
    };
    const result = lintPolicy({
      ...input,
      apps: [...input.apps, users],
      codeowners: { file: '.github/CODEOWNERS', text: '/apps/ @team-orders\n' },
    });
    expect(result.findings.map((finding) => `${finding.app}:${finding.ruleId}`).sort()).toEqual([
      'orders:FD-OPS-003',
      'users:FD-SUPPRESS-002',
    ]);
  });

  it('accept a public route’s manifest reason as the acknowledgement of cdk-nag’s missing-authorization finding', () => {
    const nag = (routeKey: string, path: string): Finding => ({
      ruleId: 'AwsSolutions-APIG4',
      level: 'error',
      app: 'orders',
      resource: { path, logicalId: 'Route', aliases: [routeKey] },
      message: 'The API does not implement authorization.',
      fix: 'see cdk-nag',
    });
    const result = lintPolicy({
      ...cleanInput(),
      externalFindings: [nag('GET /health', 'orders-dev/Api/GET--health/Resource'), nag('GET /', 'orders-dev/Api/GET--/Resource')],
    });
    expect(result.suppressed).toEqual([
      expect.objectContaining({ ruleId: 'AwsSolutions-APIG4', suppression: expect.objectContaining({ source: 'public-route' }) }),
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: 'AwsSolutions-APIG4', resource: expect.objectContaining({ aliases: ['GET /'] }) }),
    ]);
  });
});
