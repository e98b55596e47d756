import { FrontdeskError } from '@frontdesk/gateway-core/contract';

/** A problem that stops `pnpm verify` before any check can run (bad arguments, no token source). */
export class VerifyError extends FrontdeskError<'ERR_VERIFY_SETUP'> {
  override readonly name = 'VerifyError';
  constructor(message: string) {
    super('ERR_VERIFY_SETUP', message);
  }
}
