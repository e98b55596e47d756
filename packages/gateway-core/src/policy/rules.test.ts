import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanInput } from './fixtures/clean-app.ts';
import { MISCONFIGURED } from './fixtures/misconfigured.ts';
import { lintPolicy } from './lint.ts';
import { FRONTDESK_RULES } from './rules/index.ts';

describe('Frontdesk policy rules', () => {
  it('find nothing in the clean fixture', () => {
    const result = lintPolicy(cleanInput());
    expect(result.findings).toEqual([]);
    // The public health route is not an FD-AUTH-001 finding, and nothing needed suppressing.
    expect(result.suppressed).toEqual([]);
  });

  it('has a misconfigured fixture for every rule that checks templates or manifests', () => {
    // Suppression rules are proven in suppress.test.ts; synthesis failures by the lint command's tests.
    const judgedBySuppressionTests = ['FD-SUPPRESS-001', 'FD-SUPPRESS-002', 'FD-SYNTH-001'];
    expect(Object.keys(MISCONFIGURED).sort()).toEqual(
      FRONTDESK_RULES.map((rule) => rule.id)
        .filter((id) => !judgedBySuppressionTests.includes(id))
        .sort(),
    );
  });

  // A shared base path is a finding of each app involved, so each app's own lint shows it.
  const expectedCount: Record<string, number> = { 'FD-ROUTE-001': 2 };

  for (const [ruleId, fixture] of Object.entries(MISCONFIGURED)) {
    it(`${ruleId}: its misconfigured fixture produces exactly that finding`, () => {
      const { findings } = lintPolicy(fixture());
      expect(findings.map((finding) => finding.ruleId)).toEqual(Array(expectedCount[ruleId] ?? 1).fill(ruleId));
      const [finding] = findings;
      expect(finding?.app).not.toBe('');
      expect(finding?.resource.path).not.toBe('');
      expect(finding?.fix.length).toBeGreaterThan(10);
    });
  }

  it('are each listed in the README with their rationale', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    for (const rule of FRONTDESK_RULES) expect(readme).toContain(`| \`${rule.id}\` | ${rule.level} | ${rule.title} | ${rule.rationale} |`);
  });
});
