import { describe, expect, it } from 'vitest';
import { runSuites } from './run-suites.ts';
import type { Suite } from './suite.ts';
import { figure } from './targets.ts';

const one = figure({ id: 'x.one', label: 'one', kind: 'time', unit: 'ms', samples: [1] });
const suite = (name: Suite['name'], run: Suite['run'], unavailable?: string): Suite => ({
  name,
  title: name,
  budgetMs: { full: 60_000, quick: 60_000 },
  unavailable: async () => unavailable,
  run,
});

describe('runSuites', () => {
  it('records each suite’s outcome and goes on after a failure', async () => {
    const lines: string[] = [];
    const results = await runSuites(
      [
        suite('gateway', async () => ({ figures: [one], method: ['m'] })),
        suite('peer', async () => ({ figures: [], method: [] }), 'the peer is not built yet'),
        suite('authorizer', async () => {
          throw new Error('boom');
        }),
        suite('pipeline', async ({ earlier }) => ({ figures: [], method: [`saw ${[...earlier.keys()].join(',')}`] })),
      ],
      'quick',
      (line) => lines.push(line),
    );
    expect(results.map((r) => [r.suite, r.status, r.reason])).toEqual([
      ['gateway', 'ok', undefined],
      ['peer', 'skipped', 'the peer is not built yet'],
      ['authorizer', 'failed', 'boom'],
      ['pipeline', 'ok', undefined],
    ]);
    expect(results[3]!.method).toEqual(['saw gateway,peer,authorizer']);
    expect(lines[0]).toMatch(/^\[1\/4 gateway\] gateway — budget/);
  });

  it('stops a suite at its limit and keeps the figures it measured before', async () => {
    const endless: Suite = {
      ...suite('pipeline', ({ keep }) => {
        keep([one]);
        return new Promise(() => undefined);
      }),
      budgetMs: { full: 50, quick: 50 },
    };
    const [result] = await runSuites([endless], 'quick', () => undefined);
    expect(result).toMatchObject({
      status: 'failed',
      figures: [one],
      method: ['Stopped before the end: the figures measured until then are kept.'],
    });
    expect(result!.reason).toMatch(/exceeded its budget/);
  });
});
