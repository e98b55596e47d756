import { describe, expect, it } from 'vitest';
import { turboFailure } from './turbo-failure.ts';

describe('turboFailure', () => {
  it('leads with the run and the tasks turbo lists as failed', () => {
    const output = [
      'turbo run build test synth exited with 1:',
      '@apps/bench-app03:test: FAIL test/stack.test.ts',
      ' Tasks:    41 successful, 43 total',
      'Failed:    @apps/bench-app03#test, @apps/users#synth',
      ' ERROR  run failed: command  exited (1)',
    ].join('\n');
    const error = turboFailure('gateway-core changed, --affected', new Error(output));
    expect(error.message.split('\n')[0]).toBe('gateway-core changed, --affected: task(s) @apps/bench-app03#test, @apps/users#synth failed');
    expect(error.message).toContain('FAIL test/stack.test.ts');
  });

  it('says when turbo named no task (e.g. it failed before running any)', () => {
    const error = turboFailure('fully cached re-run', new Error('turbo exited with 1:\n  x Missing `packageManager` field'));
    expect(error.message.split('\n')[0]).toBe('fully cached re-run: turbo failed (no task named in its output)');
  });
});
