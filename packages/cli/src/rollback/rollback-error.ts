import { FrontdeskError } from '@frontdesk/gateway-core/contract';

export type RollbackErrorCode =
  | 'ERR_NOTHING_TO_ROLL_BACK'
  | 'ERR_VERSION_NOT_FOUND'
  | 'ERR_ALREADY_LIVE'
  | 'ERR_FUNCTION_NOT_FOUND'
  | 'ERR_ALIAS_CHANGED';

/** A rollback that was refused; `code` is stable, the message says why and what to do. */
export class RollbackError extends FrontdeskError<RollbackErrorCode> {
  override readonly name = 'RollbackError';
}
