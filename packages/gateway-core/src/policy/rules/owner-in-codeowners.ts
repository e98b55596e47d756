import { codeownersHandle, ownersOf, parseCodeowners } from '../codeowners.ts';
import { findingOf, type PolicyRule } from './rule.ts';

/** FD-APP-001: every app's owner owns its folder in CODEOWNERS. */
export const ownerInCodeowners: PolicyRule = {
  id: 'FD-APP-001',
  title: 'Every app declares an owner, and that owner owns the app folder in CODEOWNERS',
  level: 'error',
  rationale:
    'Clear ownership is the audit trail of the pattern: the team named in the manifest must be the one GitHub asks to review changes to the app, or reviews go to the wrong people.',
  fix: 'Run `pnpm routes` to regenerate the CODEOWNERS block from the manifests, and commit it',
  check(input) {
    const rules = input.codeowners ? parseCodeowners(input.codeowners.text) : [];
    return input.apps.flatMap((app) => {
      const handle = codeownersHandle(app.manifest.owner);
      const decided = ownersOf(rules, `${app.dir}/${'app.config.ts'}`);
      if (decided?.owners.includes(handle)) return [];
      const where = input.codeowners?.file ?? '.github/CODEOWNERS';
      const message = !input.codeowners
        ? `${where} does not exist, so no one owns ${app.dir}/ (manifest owner: ${handle})`
        : decided
          ? `${where}:${decided.line} gives ${app.dir}/ to ${decided.owners.join(' ') || 'no one'}, not to the manifest owner ${handle}`
          : `${where} has no entry for ${app.dir}/ (manifest owner: ${handle})`;
      return [findingOf(this, { app: app.manifest.name, resource: { path: 'owner' }, message, file: app.manifestFile, anchor: 'owner' })];
    });
  },
};
