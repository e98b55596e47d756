import type { Difference, PathShape } from './compare.ts';
import type { VerifyRoute } from './routes.ts';

export { DPOP_MODES, type DpopMode } from '@frontdesk/gateway-core/contract';
import type { DpopMode } from '@frontdesk/gateway-core/contract';

/** One check of `pnpm verify`; `id` is stable (tests and CI branch on it). */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** What was sent, e.g. `GET /orders/ (Bearer, scope "")`. */
  readonly request?: string;
  readonly expected?: string;
  readonly actual?: string;
  /** Why it failed or was skipped, or what was learned. */
  readonly detail?: string;
  readonly differences?: readonly Difference[];
}

export interface VerifyReport {
  readonly target: string;
  readonly dpop: DpopMode;
  readonly tokenEndpoint?: string;
  readonly routes: { readonly public?: VerifyRoute; readonly protected?: VerifyRoute; readonly shape?: VerifyRoute };
  /** Which path shape the stage's events have (and `pnpm dev`'s, for contrast). */
  readonly pathShape?: { readonly stage: PathShape; readonly local?: PathShape };
  readonly checks: readonly CheckResult[];
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number };
  /** True when no check failed. */
  readonly ok: boolean;
}
