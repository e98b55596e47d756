import { SHARED_APP } from '@frontdesk/gateway-core/policy';
import { diffAuthorizerCache, diffOtherFields, diffOwnership, diffSuppressions, diffThrottle } from './app-settings.ts';
import { diffAuthorizerSettings } from './authorizer-settings.ts';
import type { Change, ChangeDraft } from './change.ts';
import { diffGrants, diffInvokePermissions } from './grants.ts';
import { declaredRoutes, deployedRoutes } from './route-access.ts';
import { diffDeployed, diffRoutes } from './route-diff.ts';
import type { RevisionApp, RevisionSnapshot } from './snapshot.ts';

const EMPTY_MANIFEST = { name: '', routes: {} } as RevisionApp['manifest'];

/**
 * Every reviewable change between two revisions' snapshots, per app (matched by manifest name,
 * so a moved folder is the same app) and for the shared stack.
 */
export function diffRevisions(base: RevisionSnapshot, head: RevisionSnapshot, notes: string[] = []): Change[] {
  const changes: Change[] = [];
  const byName = (snapshot: RevisionSnapshot) => new Map(snapshot.apps.map((app) => [app.manifest.name, app]));
  // An app whose manifest no longer loads is reported as broken, not as removed.
  const brokenFolders = new Set(head.broken.map((app) => app.folder));
  const before = new Map([...byName(base)].filter(([, app]) => !brokenFolders.has(app.folder)));
  const after = byName(head);
  for (const name of [...new Set([...after.keys(), ...before.keys()])].sort()) {
    changes.push(...diffApp(before.get(name), after.get(name), notes));
  }
  for (const broken of head.broken) {
    changes.push({
      app: broken.folder,
      subject: broken.manifestFile,
      kind: 'app-broken',
      review: 'platform',
      title: 'manifest does not load',
      reason: `nothing about this app can be reviewed: ${broken.error}`,
      file: broken.manifestFile,
    });
  }
  if (head.shared || base.shared) {
    const drafts: ChangeDraft[] = [];
    if (head.shared?.synthError && base.shared?.synthError === head.shared.synthError) {
      // Failing the same way before this change (e.g. a stage whose settings this machine lacks):
      // not this change's doing, but nothing of the shared stack was compared.
      notes.push(`The shared stack does not synthesize on either side, so it was not compared: ${head.shared.synthError}`);
    } else if (head.shared?.synthError) {
      drafts.push({
        subject: 'shared stack',
        kind: 'synthesis',
        review: 'platform',
        title: 'the shared stack does not synthesize',
        reason: head.shared.synthError,
      });
    } else {
      drafts.push(...diffAuthorizerSettings(base.shared?.template, head.shared?.template));
      drafts.push(...diffGrants(base.shared?.template, head.shared?.template, true));
      drafts.push(...diffInvokePermissions(base.shared?.template, head.shared?.template));
    }
    changes.push(...drafts.map((draft) => ({ ...draft, app: SHARED_APP, file: 'infra/src/stage-config.ts' })));
  }
  return changes;
}

function diffApp(base: RevisionApp | undefined, head: RevisionApp | undefined, notes: string[]): Change[] {
  const app = (head ?? base)!;
  const file = head?.manifestFile;
  const drafts: ChangeDraft[] = [];
  const baseManifest = base?.manifest ?? EMPTY_MANIFEST;
  const headManifest = head?.manifest ?? EMPTY_MANIFEST;
  if (!base) {
    drafts.push({
      subject: 'app',
      anchor: undefined,
      kind: 'app-added',
      review: 'app-owner',
      title: `new app owned by ${String(headManifest.owner)} at /${String(headManifest.basePath)}`,
      reason: 'a new team API behind the shared front door',
    });
  } else if (!head) {
    drafts.push({
      subject: 'app',
      kind: 'app-removed',
      review: 'routine',
      title: 'app removed with all its routes',
      reason: 'nothing becomes reachable',
    });
    return drafts.map((draft) => ({ ...draft, app: app.manifest.name, file: base.manifestFile }));
  } else {
    drafts.push(...diffOwnership(baseManifest, headManifest));
  }
  const declaredBase = declaredRoutes(baseManifest);
  const declaredHead = declaredRoutes(headManifest);
  drafts.push(...diffRoutes(declaredBase, declaredHead));
  if (head?.synthError && base?.synthError === head.synthError) {
    notes.push(
      `${app.manifest.name}'s stack does not synthesize on either side, so its deployed routes and grants were not compared: ${head.synthError}`,
    );
  } else if (head?.synthError) {
    drafts.push({
      subject: 'stack',
      kind: 'synthesis',
      review: 'platform',
      title: 'the app stack does not synthesize',
      reason: `its deployed routes and grants cannot be reviewed: ${head.synthError}`,
    });
  } else if (base?.synthError) {
    // Fail closed: without the base template, no grant can be told apart from an old one.
    drafts.push({
      subject: 'stack',
      kind: 'synthesis',
      review: 'platform',
      title: 'the base revision’s app stack does not synthesize',
      reason: `deployed routes and grants cannot be compared: ${base.synthError}`,
    });
  } else {
    drafts.push(
      ...diffDeployed(
        declaredHead,
        base?.template ? deployedRoutes(base.template) : undefined,
        head?.template ? deployedRoutes(head.template) : undefined,
        declaredBase,
      ),
    );
    drafts.push(...diffThrottle(baseManifest, headManifest, base?.template, head?.template));
    drafts.push(...diffAuthorizerCache(baseManifest, headManifest, base?.template, head?.template));
    drafts.push(...diffGrants(base?.template, head?.template, false));
    drafts.push(...diffInvokePermissions(base?.template, head?.template));
  }
  drafts.push(...diffSuppressions(baseManifest, headManifest));
  if (base) drafts.push(...diffOtherFields(baseManifest, headManifest));
  return drafts.map((draft) => ({ ...draft, app: app.manifest.name, ...(file ? { file } : {}) }));
}
