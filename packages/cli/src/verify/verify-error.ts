/** A problem that stops `pnpm verify` before any check can run (bad arguments, no token source). */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
}
