import { FrontdeskError } from '../contract/errors.ts';

export type SecretErrorCode =
  | 'ERR_SECRET_MISSING'
  | 'ERR_SECRET_NOT_DECLARED'
  | 'ERR_SECRET_EMPTY'
  | 'ERR_SECRETS_FILE_MISSING'
  | 'ERR_SECRETS_FILE_INVALID'
  | 'ERR_SECRETS_NOT_CONFIGURED';

/** A secret could not be read; `code` is stable, the message says what to do. */
export class SecretError extends FrontdeskError<SecretErrorCode> {
  override readonly name = 'SecretError';
}
