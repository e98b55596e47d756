/** Why `pnpm create-app` refused; tests and callers branch on `code`, never on message text. */
export type CreateAppErrorCode =
  | 'usage'
  | 'invalid-manifest'
  | 'invalid-openapi'
  | 'app-exists'
  | 'workspace-conflict'
  | 'workspace-broken';

export class CreateAppError extends Error {
  constructor(
    readonly code: CreateAppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CreateAppError';
  }
}
