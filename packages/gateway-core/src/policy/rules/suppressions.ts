import type { PolicyRule } from './rule.ts';

/**
 * The suppression rules are applied by the engine (they judge suppressions, not templates);
 * they are rules here so reports, SARIF metadata and the README list them like the others.
 */
export const suppressionReason: PolicyRule = {
  id: 'FD-SUPPRESS-001',
  title: 'Every suppression gives a reason of at least a sentence',
  level: 'error',
  rationale:
    'A suppression is a decision someone will have to revisit; without the why, the next reader cannot tell a trade-off from a shortcut.',
  fix: 'Write a reason of at least a sentence (four words, twenty characters): why the finding is acceptable here',
  check: () => [],
};

export const suppressionStale: PolicyRule = {
  id: 'FD-SUPPRESS-002',
  title: 'Every suppression still matches a finding',
  level: 'error',
  rationale:
    'A suppression that matches nothing is either stale or misspelled; left in place it would silently hide the next real finding on that resource.',
  fix: 'Delete the suppression, or correct its rule id and resource (a construct path, logical id or route key from the finding)',
  check: () => [],
};
