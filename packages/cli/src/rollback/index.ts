export { runRollback, USAGE } from './command.ts';
export { rollbackAlias, type AliasState, type RollbackAliasOptions, type RollbackResult } from './rollback-alias.ts';
export { RollbackError, type RollbackErrorCode } from './rollback-error.ts';
export type { RollbackAuditRecord } from './audit-line.ts';
