import { FrontdeskError } from '../contract/errors.ts';

/**
 * The environment variable AppApi (and `pnpm dev`) sets on an app's function: a JSON object from
 * the manifest's table name to the physical table name, e.g. `{"orders":"frontdesk-dev-orders-orders"}`.
 */
export const TABLES_ENV = 'FRONTDESK_TABLES';

export type TableErrorCode = 'ERR_TABLES_NOT_CONFIGURED' | 'ERR_TABLE_NOT_DECLARED';

/** A declared table could not be resolved; `code` is stable, the message says what to do. */
export class TableError extends FrontdeskError<TableErrorCode> {
  override readonly name = 'TableError';
}

/** Any manifest; with `typeof manifest` the table names are checked at compile time. */
interface WithTables {
  readonly tables: object;
}

/**
 * The physical name of one of the app's declared tables (`tables` in app.config.ts), for any
 * DynamoDB client. The same call works in AWS and under `pnpm dev`: both set {@link TABLES_ENV},
 * and `pnpm dev` points the SDK at its local DynamoDB through `AWS_ENDPOINT_URL_DYNAMODB`.
 *
 * @throws {TableError} naming the table and what to declare.
 * @example
 * import type manifest from '../app.config.ts';
 * const TableName = tableName<typeof manifest>('orders'); // a typo fails to compile
 */
export function tableName<M extends WithTables = { tables: Record<string, unknown> }>(
  name: keyof M['tables'] & string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const encoded = env[TABLES_ENV];
  if (!encoded) {
    throw new TableError(
      'ERR_TABLES_NOT_CONFIGURED',
      `table "${name}" was requested, but this function has no tables: declare it under "tables" in app.config.ts (the app stack and pnpm dev then set ${TABLES_ENV})`,
    );
  }
  let names: unknown;
  try {
    names = JSON.parse(encoded);
  } catch {
    throw new TableError(
      'ERR_TABLES_NOT_CONFIGURED',
      `${TABLES_ENV} is not JSON; the app stack and pnpm dev set it from the manifest's tables`,
    );
  }
  const physical =
    typeof names === 'object' && names !== null && Object.hasOwn(names, name) ? (names as Record<string, unknown>)[name] : undefined;
  if (typeof physical !== 'string' || physical === '') {
    const declared = typeof names === 'object' && names !== null ? Object.keys(names).sort().join(', ') || 'none' : 'none';
    throw new TableError(
      'ERR_TABLE_NOT_DECLARED',
      `table "${name}" is not declared for this app (declared: ${declared}); add it under "tables" in app.config.ts`,
    );
  }
  return physical;
}
