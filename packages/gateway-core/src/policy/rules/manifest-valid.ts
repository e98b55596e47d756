import { WORKSPACE_APP } from '../input.ts';
import { checkWorkspace } from '../../workspace/check.ts';
import { findingOf, type PolicyRule } from './rule.ts';

/** FD-MANIFEST-001: every manifest loads and validates, and app names are unique. */
export const manifestValid: PolicyRule = {
  id: 'FD-MANIFEST-001',
  title: 'Every app manifest loads and validates, and app names are unique',
  level: 'error',
  rationale:
    'The manifest is the one source of truth for stacks, routing, docs and this lint; an app whose manifest does not load cannot be checked at all, and two apps with one name collide in stacks, functions and parameters.',
  fix: 'Fix the manifest problems listed (defineApp names the field and what is allowed), or rename one of the apps',
  check(input) {
    const broken = (input.broken ?? []).map((app) =>
      findingOf(this, {
        app: app.dir.split('/').pop() ?? app.dir,
        resource: { path: app.manifestFile },
        message: app.message,
        file: app.manifestFile,
      }),
    );
    const duplicates = checkWorkspace(input.apps.map((app) => app.manifest))
      .filter((finding) => finding.code === 'duplicate-name')
      .map((finding) =>
        findingOf(this, {
          app: WORKSPACE_APP,
          resource: { path: `apps/${finding.apps[0]}` },
          message: finding.message,
        }),
      );
    return [...broken, ...duplicates];
  },
};
