import { ManifestError, formatPath } from './errors.ts';
import { manifestSchema, type AppManifest, type AppManifestInput } from './schema.ts';
import type { TableDeclaration, TableDeclarationInput } from './tables.ts';

/**
 * Declares an app: its name, owner, base path, routes with their auth requirement, and function
 * settings. The CDK stack, the local gateway, the route docs and the policy lint all read it.
 *
 * Validation runs when the manifest is defined, so a bad manifest fails at import with a
 * {@link ManifestError} that names the app, the field and what is allowed.
 *
 * @example
 * export default defineApp({
 *   name: 'orders',
 *   owner: 'team-orders',
 *   basePath: 'orders',
 *   routes: {
 *     'GET /{id}': { scopes: ['orders:read'] },
 *     'GET /health': { auth: 'public', reason: 'Load balancer health checks carry no token.' },
 *   },
 * });
 */
export function defineApp<const Tables extends string = never>(
  input: AppManifestInput & { readonly tables?: Readonly<Record<Tables, TableDeclarationInput>> },
): DefinedApp<Tables> {
  // The type keeps the declared table names, so `tableName<typeof manifest>('orders')` is checked.
  return parseManifest(input) as DefinedApp<Tables>;
}

/** A validated manifest whose type still knows its table names. */
export type DefinedApp<Tables extends string> = Omit<AppManifest, 'tables'> & {
  readonly tables: Readonly<Record<Tables, TableDeclaration>>;
};

/** Validates unknown input (e.g. a manifest loaded from disk) as a manifest. */
export function parseManifest(input: unknown, source?: string): AppManifest {
  const result = manifestSchema.safeParse(input);
  if (result.success) return Object.freeze(result.data) as AppManifest;
  const name =
    typeof input === 'object' && input !== null && typeof (input as { name?: unknown }).name === 'string'
      ? `app "${(input as { name: string }).name}"`
      : (source ?? 'an app with no valid name');
  throw new ManifestError(
    source && !name.includes(source) ? `${name} (${source})` : name,
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}
