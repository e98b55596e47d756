import type { DenialCode } from './denial-codes.ts';

/** One authorizer decision as it is audited: never the token, only a hash of its identifier. */
export type DecisionRecord = {
  readonly decision: 'allow' | 'deny';
  readonly code?: DenialCode;
  readonly sub?: string;
  readonly client?: string;
  readonly tokenType?: 'Bearer' | 'DPoP';
  /** SHA-256 (base64url, 16 chars) of the token `jti`, or of the whole token when it has none. */
  readonly tokenIdHash?: string;
  readonly route: string;
  readonly app?: string;
  readonly stage?: string;
  readonly requestId?: string;
  /**
   * Why a denial whose cause lies outside the request happened — for `jwks_unavailable`, the
   * URL and the network or HTTP error — so an operator can act on it. Never token content.
   */
  readonly detail?: string;
};

/**
 * Where the audit line goes. The Lambda writes Powertools-shaped JSON lines (`jsonAuditLogger`);
 * the local gateway passes its own, tests may pass {@link quietAuditLogger}.
 */
export interface AuditLogger {
  info(message: string, attributes: DecisionRecord): void;
  warn(message: string, attributes: DecisionRecord): void;
  error(message: string, error: Error): void;
}

/** Discards every audit line (benchmarks, tests that do not inspect the audit). */
export const quietAuditLogger: AuditLogger = { info() {}, warn() {}, error() {} };
