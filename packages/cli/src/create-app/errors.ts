import { FrontdeskError } from '@frontdesk/gateway-core/contract';

/** Why `pnpm create-app` refused; tests and callers branch on `code`, never on message text. */
export type CreateAppErrorCode =
  | 'ERR_USAGE'
  | 'ERR_INVALID_MANIFEST'
  | 'ERR_INVALID_OPENAPI'
  | 'ERR_APP_EXISTS'
  | 'ERR_WORKSPACE_CONFLICT'
  | 'ERR_WORKSPACE_BROKEN';

export class CreateAppError extends FrontdeskError<CreateAppErrorCode> {
  override readonly name = 'CreateAppError';
}
