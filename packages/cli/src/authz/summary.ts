import type { Change, ChangeKind } from './change.ts';

/** Phrases of the summary line, most serious first; each counts distinct subjects of its kinds. */
const PHRASES: readonly {
  readonly kinds: readonly ChangeKind[];
  readonly platformOnly?: boolean;
  readonly one: string;
  readonly many: string;
}[] = [
  {
    kinds: ['route-public', 'scope-removed', 'route-drift'],
    platformOnly: true,
    one: 'route became reachable with fewer privileges',
    many: 'routes became reachable with fewer privileges',
  },
  { kinds: ['grant-widened', 'resource-policy'], one: 'grant widened', many: 'grants widened' },
  { kinds: ['authorizer'], one: 'shared authorizer setting changed', many: 'shared authorizer settings changed' },
  {
    kinds: ['authorizer-cache', 'throttle'],
    platformOnly: true,
    one: 'caching or throttling safeguard weakened',
    many: 'caching or throttling safeguards weakened',
  },
  { kinds: ['owner'], one: 'owner changed', many: 'owners changed' },
  { kinds: ['suppression'], one: 'policy finding acknowledged', many: 'policy findings acknowledged' },
  { kinds: ['app-broken', 'synthesis'], one: 'workspace could not be reviewed', many: 'workspaces could not be reviewed' },
  { kinds: ['app-added'], one: 'app added', many: 'apps added' },
  { kinds: ['route-added'], one: 'route added', many: 'routes added' },
  { kinds: ['grant-added'], one: 'grant added', many: 'grants added' },
  { kinds: ['route-protected', 'scope-added'], one: 'route narrowed', many: 'routes narrowed' },
  { kinds: ['route-removed', 'app-removed'], one: 'route or app removed', many: 'routes or apps removed' },
];

/** "2 routes became reachable with fewer privileges; 1 grant widened", or that nothing changed. */
export function summaryLine(changes: readonly Change[]): string {
  if (changes.length === 0) return 'No authorization changes.';
  const used = new Set<Change>();
  const parts: string[] = [];
  for (const phrase of PHRASES) {
    const matching = changes.filter(
      (change) => !used.has(change) && phrase.kinds.includes(change.kind) && (!phrase.platformOnly || change.review === 'platform'),
    );
    for (const change of matching) used.add(change);
    const count = new Set(matching.map((change) => `${change.app}|${change.subject}|${change.title}`)).size;
    const distinct = phrase.kinds.some((kind) => kind.startsWith('route') || kind.startsWith('scope'))
      ? new Set(matching.map((change) => `${change.app}|${change.subject}`)).size
      : count;
    if (distinct > 0) parts.push(`${distinct} ${distinct === 1 ? phrase.one : phrase.many}`);
  }
  const rest = changes.filter((change) => !used.has(change)).length;
  if (rest > 0) parts.push(`${rest} other ${rest === 1 ? 'change' : 'changes'}`);
  return parts.join('; ');
}
