import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import type { AppManifest } from '../../manifest/schema.ts';
import type { Stage } from '../../stage.ts';
import type { AppApi } from '../app-api.ts';
import type { PolicyBlocks } from '../grants/policy-blocks.ts';

/** The file beside `app.config.ts` that extends the app's stack: its one typed extension point. */
export const EXTENSION_FILE = 'stack.ts';

/** What `stack.ts` receives: where to add constructs, the app as built from its manifest, and the policy blocks. */
interface StackExtensionContext {
  /** Add constructs here (`new Queue(scope, 'Jobs')`): they live under `<stack>/Extension`, and the lint reports them against stack.ts. */
  readonly scope: Construct;
  /** The app's function (grant it what the extension adds, with `grants`). */
  readonly function: NodejsFunction;
  /** The manifest's tables, by manifest name. */
  readonly tables: ReadonlyMap<string, Table>;
  /** Least-privilege policy blocks: `fn.addToRolePolicy(grants.readTable(table))`. */
  readonly grants: PolicyBlocks;
  readonly stage: Stage;
  readonly manifest: AppManifest;
  /** Everything AppApi built (HTTP API, alias, secrets, alarms), for what the fields above do not cover. */
  readonly api: AppApi;
}

export type StackExtension = (context: StackExtensionContext) => void;

/**
 * Declares the app's stack extension (`apps/<name>/stack.ts`) for what the manifest does not cover.
 * It runs inside `AppStack`, so `cdk deploy` and `pnpm lint:policy` see the same constructs.
 *
 * @example
 * // apps/orders/stack.ts
 * export default defineStack(({ scope, function: fn, grants }) => {
 *   const audit = new Table(scope, 'Audit', { partitionKey: { name: 'id', type: AttributeType.STRING }, ... });
 *   fn.addToRolePolicy(grants.writeTable(audit));
 * });
 */
export function defineStack(extension: StackExtension): StackExtension {
  if (typeof extension !== 'function')
    throw new TypeError('defineStack expects a function ({ scope, function, tables, grants, stage }) => void');
  return extension;
}
