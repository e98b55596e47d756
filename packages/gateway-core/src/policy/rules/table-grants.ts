import { TABLE_ACCESS_ACTIONS } from '../../manifest/tables.ts';
import { iamStatements } from '../iam.ts';
import { references, render, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

/** FD-DATA-004: nothing in an app's stack is granted more on a declared table than the manifest's `access`. */
export const tableGrants: PolicyRule = {
  id: 'FD-DATA-004',
  title: 'No grant on a manifest-declared table goes beyond its declared access',
  level: 'error',
  rationale:
    'The manifest says what the app does with each table (`read`, `write`, `readWrite`); reviewers approve that line, not the IAM it becomes. A grant written elsewhere (bin/app.ts, stack.ts, `table.grantFullAccess`) that adds actions — table administration, deletes on a read table, `dynamodb:*` — would slip past that review.',
  fix: 'Change the table’s `access` in app.config.ts if the app really needs more, and grant with the policy blocks (grants.readTable(table), …), never with broader statements',
  check(input) {
    return input.apps.flatMap((app) => {
      const declared = Object.entries(app.manifest.tables);
      if (declared.length === 0) return [];
      return (input.stacks ?? [])
        .filter((stack) => stack.app === app.manifest.name)
        .flatMap((stack) => {
          const { file } = stackOwner(input, stack);
          // Declared tables by logical id: CDK names them frontdesk-<stage>-<app>-<table>.
          const tables = new Map<string, { name: string; allowed: ReadonlySet<string> }>();
          for (const { logicalId, resource } of resourcesOfType(stack.template, stack.stackName, 'AWS::DynamoDB::Table')) {
            const physical = resource.Properties?.TableName;
            if (typeof physical !== 'string') continue;
            const match = declared.find(
              ([name]) => physical.startsWith('frontdesk-') && physical.endsWith(`-${app.manifest.name}-${name}`),
            );
            if (match) tables.set(logicalId, { name: match[0], allowed: new Set<string>(TABLE_ACCESS_ACTIONS[match[1].access]) });
          }
          return iamStatements(stack.template, stack.stackName)
            .filter((statement) => statement.effect === 'Allow')
            .flatMap((statement) => {
              const actions = statement.actions.map(render);
              const touched = [...new Set(references(statement.resources))].filter((id) => tables.has(id));
              return touched.flatMap((id) => {
                const table = tables.get(id)!;
                const extra = actions.filter((action) => !table.allowed.has(action));
                if (extra.length === 0) return [];
                return [
                  findingOf(this, {
                    app: stack.app,
                    resource: { path: statement.path, logicalId: statement.logicalId },
                    message: `${statement.logicalId} grants ${extra.map((action) => `"${action}"`).join(', ')} on table "${table.name}", declared with access "${app.manifest.tables[table.name]!.access}"`,
                    ...(file === undefined ? {} : { file }),
                  }),
                ];
              });
            });
        });
    });
  },
};
