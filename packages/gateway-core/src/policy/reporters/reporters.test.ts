import { describe, expect, it } from 'vitest';
import type { Log } from 'sarif';
import { cleanManifest } from '../fixtures/clean-app.ts';
import { MISCONFIGURED } from '../fixtures/misconfigured.ts';
import { lintPolicy } from '../lint.ts';
import { FRONTDESK_RULES } from '../rules/index.ts';
import { formatJson } from './json.ts';
import { formatSarif } from './sarif.ts';
import { formatText } from './text.ts';

const REASON = 'Tracing is switched off while the vendor SDK double-reports segments, ticket OPS-42.';

function resultWithOneOfEach() {
  const input = MISCONFIGURED['FD-OPS-003']!();
  const orders = input.apps[0]!;
  const manifest = cleanManifest({ policy: { suppressions: [{ rule: 'FD-OPS-003', resource: 'Handler', reason: REASON }] } });
  const broken = MISCONFIGURED['FD-OPS-001']!();
  return lintPolicy(
    { ...broken, apps: [{ ...orders, manifest }], stacks: [...(broken.stacks ?? []), { ...input.stacks![0]!, stackName: 'orders-prod' }] },
    { locate: (file, anchor) => (file === 'apps/orders/app.config.ts' && anchor === undefined ? 7 : undefined) },
  );
}

describe('reporters', () => {
  it('text: one block per finding with its fix, and a summary line', () => {
    const text = formatText(resultWithOneOfEach());
    expect(text).toContain('error FD-OPS-001 orders  orders-dev/Api/DefaultStage/Resource (apps/orders/app.config.ts:7)');
    expect(text).toContain('  fix: Set AccessLogSettings');
    expect(text).toMatch(/policy: 1 error\(s\), 0 warning\(s\), 0 note\(s\); 1 suppressed with a reason\n$/);
    expect(formatText({ findings: [], suppressed: [] })).toBe('policy: 0 error(s), 0 warning(s), 0 note(s); 0 suppressed with a reason\n');
  });

  it('json: findings and suppressed findings with their reasons', () => {
    const json = JSON.parse(formatJson(resultWithOneOfEach()));
    expect(json.version).toBe(1);
    expect(json.findings).toEqual([
      expect.objectContaining({ ruleId: 'FD-OPS-001', app: 'orders', level: 'error', fix: expect.any(String) }),
    ]);
    expect(json.suppressed).toEqual([
      expect.objectContaining({ ruleId: 'FD-OPS-003', suppression: { reason: REASON, source: 'manifest' } }),
    ]);
  });

  it('sarif: a 2.1.0 log GitHub code scanning accepts, with rule metadata, locations and suppressions', () => {
    const log = JSON.parse(formatSarif(resultWithOneOfEach(), FRONTDESK_RULES)) as Log;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.id)).toEqual(FRONTDESK_RULES.map((rule) => rule.id));
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toContain('Fix:');
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration?.level);
    }
    const results = run.results ?? [];
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId);
      expect(result.message.text).toBeTruthy();
      // Code scanning drops results without a physical location.
      expect(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('apps/orders/app.config.ts');
      expect(result.locations?.[0]?.physicalLocation?.region?.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints?.frontdeskFinding).toBeTruthy();
    }
    const suppressed = results.find((result) => result.ruleId === 'FD-OPS-003');
    expect(suppressed?.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: REASON }]);
    expect(suppressed?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(7);
    expect(results.find((result) => result.ruleId === 'FD-OPS-001')?.suppressions).toBeUndefined();
  });

  it('sarif: rules seen only in findings (cdk-nag) still get a descriptor', () => {
    const log = JSON.parse(
      formatSarif(
        {
          findings: [
            {
              ruleId: 'AwsSolutions-IAM5[Resource::*]',
              level: 'error',
              app: 'infra',
              resource: { path: 'shared-dev/Role' },
              message: 'wildcard',
              fix: 'narrow it',
            },
          ],
          suppressed: [],
        },
        [],
      ),
    ) as Log;
    expect(log.runs[0]!.tool.driver.rules?.map((rule) => rule.id)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    expect(log.runs[0]!.results?.[0]?.ruleIndex).toBe(0);
  });
});
