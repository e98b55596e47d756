import { checkWorkspace } from '../../workspace/check.ts';
import { findingOf, type PolicyRule } from './rule.ts';

/** FD-ROUTE-001: no two apps share a base path. */
export const basePathUnique: PolicyRule = {
  id: 'FD-ROUTE-001',
  title: 'Base paths are unique across apps',
  level: 'error',
  rationale:
    'Two API mappings with one key cannot exist on the shared domain: the second deploy fails, or worse, a rename silently moves traffic.',
  fix: 'Give each app its own basePath in app.config.ts',
  check(input) {
    return checkWorkspace(input.apps.map((app) => app.manifest))
      .filter((finding) => finding.code === 'duplicate-base-path')
      .flatMap((finding) =>
        finding.apps.map((name) => {
          const app = input.apps.find((candidate) => candidate.manifest.name === name);
          return findingOf(this, {
            app: name,
            resource: { path: 'basePath' },
            message: finding.message,
            ...(app ? { file: app.manifestFile, anchor: 'basePath' } : {}),
          });
        }),
      );
  },
};
