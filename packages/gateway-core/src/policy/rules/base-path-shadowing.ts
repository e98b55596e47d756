import { checkWorkspace } from '../../workspace/check.ts';
import { findingOf, type PolicyRule } from './rule.ts';

/** FD-ROUTE-002: a base path nested under another's must not hide its routes. */
export const basePathShadowing: PolicyRule = {
  id: 'FD-ROUTE-002',
  title: 'Base paths do not shadow each other',
  level: 'error',
  rationale:
    'API Gateway sends a request to the longest matching mapping: under "orders/v2" the "orders" app never sees a request, so its routes there are silently dead. Nesting that hides nothing is only a warning.',
  fix: 'Rename one base path so neither is a prefix of the other, or narrow the outer app’s routes',
  check(input) {
    return checkWorkspace(input.apps.map((app) => app.manifest))
      .filter((finding) => finding.code === 'shadowed-routes' || finding.code === 'nested-base-path')
      .map((finding) => {
        const outer = input.apps.find((candidate) => candidate.manifest.name === finding.apps[0]);
        return findingOf(this, {
          app: finding.apps[0] as string,
          level: finding.code === 'shadowed-routes' ? 'error' : 'warning',
          resource: { path: 'basePath', aliases: [`${finding.apps[0]}/${finding.apps[1]}`] },
          message: finding.message,
          ...(outer ? { file: outer.manifestFile, anchor: 'basePath' } : {}),
        });
      });
  },
};
