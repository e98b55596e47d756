import { FrontdeskError } from '@frontdesk/gateway-core/contract';

/** The Lambda API answers it as `ResourceNotFoundException` (404). */
export class FunctionNotFoundError extends FrontdeskError<'ERR_FUNCTION_NOT_FOUND'> {
  override readonly name = 'FunctionNotFoundError';
  constructor(message: string) {
    super('ERR_FUNCTION_NOT_FOUND', message);
  }
}

/** The Lambda API answers it as `PreconditionFailedException` (412): the alias changed since it was read. */
export class PreconditionFailedError extends FrontdeskError<'ERR_PRECONDITION_FAILED'> {
  override readonly name = 'PreconditionFailedError';
  constructor(message: string) {
    super('ERR_PRECONDITION_FAILED', message);
  }
}
