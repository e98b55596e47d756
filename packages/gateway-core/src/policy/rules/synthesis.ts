import type { PolicyRule } from './rule.ts';

/**
 * Synthesis failures are found by the lint command (it synthesizes every stack); the rule is
 * here so reports and the README list it with the others.
 */
export const synthesisSucceeds: PolicyRule = {
  id: 'FD-SYNTH-001',
  title: 'Every app and the shared layer synthesize',
  level: 'error',
  rationale:
    'A stack that does not synthesize cannot be checked, so it cannot be shown safe to deploy; the lint fails rather than pass it unseen.',
  fix: 'Run `pnpm synth` in the workspace and fix the error it reports',
  check: () => [],
};
