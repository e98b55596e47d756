import { describe, expect, it } from 'vitest';
import { diffRevisions } from './diff.ts';
import type { RevisionSnapshot } from './snapshot.ts';

const app = (routes: Record<string, unknown>, synthError?: string) => ({
  folder: 'orders',
  manifestFile: 'apps/orders/app.config.ts',
  manifest: { name: 'orders', owner: 'team-orders', basePath: 'orders', routes },
  ...(synthError ? { synthError } : {}),
});
const snapshot = (apps: RevisionSnapshot['apps'], shared?: RevisionSnapshot['shared']): RevisionSnapshot => ({
  stage: 'dev',
  apps,
  broken: [],
  ...(shared ? { shared } : {}),
});

describe('diffRevisions on stacks that do not synthesize', () => {
  it('notes, without blocking, a stack failing the same way on both sides; still compares the manifests', () => {
    const notes: string[] = [];
    const changes = diffRevisions(
      snapshot([app({ 'GET /': { scopes: ['orders:read'] } }, 'Stage "prod" is not configured')], {
        synthError: 'Stage "prod" is not configured',
      }),
      snapshot([app({ 'GET /': { scopes: [] } }, 'Stage "prod" is not configured')], { synthError: 'Stage "prod" is not configured' }),
      notes,
    );
    expect(changes.map((change) => `${change.kind} ${change.review}`)).toEqual(['scope-removed platform']);
    expect(notes).toEqual([
      'orders\'s stack does not synthesize on either side, so its deployed routes and grants were not compared: Stage "prod" is not configured',
      'The shared stack does not synthesize on either side, so it was not compared: Stage "prod" is not configured',
    ]);
  });

  it('needs the platform owner when a stack newly fails, or the base fails (nothing to tell old grants from new)', () => {
    const newly = diffRevisions(
      snapshot([app({ 'GET /': { scopes: [] } })], {}),
      snapshot([app({ 'GET /': { scopes: [] } }, 'boom')], { synthError: 'bang' }),
    );
    expect(newly.map((change) => `${change.app} ${change.title}`)).toEqual([
      'orders the app stack does not synthesize',
      'infra the shared stack does not synthesize',
    ]);
    expect(newly.every((change) => change.review === 'platform')).toBe(true);
    const baseOnly = diffRevisions(snapshot([app({ 'GET /': { scopes: [] } }, 'old error')]), snapshot([app({ 'GET /': { scopes: [] } })]));
    expect(baseOnly).toEqual([expect.objectContaining({ review: 'platform', title: 'the base revision’s app stack does not synthesize' })]);
  });
});
