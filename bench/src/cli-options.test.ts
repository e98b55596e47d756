import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli-options.ts';

describe('parseCliOptions', () => {
  it('runs every suite in full mode by default', () => {
    expect(parseCliOptions([])).toEqual({
      mode: 'full',
      suites: ['gateway', 'peer', 'pool', 'authorizer', 'dev-loop', 'pipeline'],
      render: false,
      help: false,
    });
  });
  it('selects suites by repeated or comma-separated --suite, in the canonical order', () => {
    expect(parseCliOptions(['--suite', 'peer', '--suite', 'gateway']).suites).toEqual(['gateway', 'peer']);
    expect(parseCliOptions(['--suite', 'pipeline,dev-loop']).suites).toEqual(['dev-loop', 'pipeline']);
  });
  it('switches to quick mode and takes an output folder', () => {
    expect(parseCliOptions(['--quick', '--out', '/tmp/x'])).toMatchObject({ mode: 'quick', out: '/tmp/x' });
  });
  it('redraws from the JSON with --render', () => {
    expect(parseCliOptions(['--render', '--out', 'docs'])).toMatchObject({ render: true, out: 'docs' });
  });
  it('names the allowed suites when given an unknown one', () => {
    expect(() => parseCliOptions(['--suite', 'gatway'])).toThrow(/unknown suite "gatway"; suites are: gateway, peer/);
  });
  it('rejects unknown options', () => {
    expect(() => parseCliOptions(['--fast'])).toThrow(/--fast/);
  });
});
