/**
 * The one shape of every error Frontdesk throws on purpose: a stable `code` callers and tests
 * branch on (never the message text), and a message that says what to do.
 *
 * Codes are `ERR_` + SCREAMING_SNAKE_CASE, the convention of Node.js (`ERR_MODULE_NOT_FOUND`) and
 * jose (`ERR_JWT_EXPIRED`): the two code bases our errors sit beside in a stack trace, and the
 * style our rollback audit lines already carry.
 *
 * @example
 * try { findWorkspaceRoot('/tmp') } catch (error) {
 *   if (error instanceof FrontdeskError && error.code === 'ERR_WORKSPACE_NOT_FOUND') …
 * }
 */
export class FrontdeskError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = code;
    // Subclasses name themselves with a literal (`override readonly name = 'SecretError'`), not
    // `new.target.name`: the deployed bundles are minified and class names do not survive.
    this.name = 'FrontdeskError';
  }
}
