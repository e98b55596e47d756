import { needsPlatformReview, overallReview, type Change, type Review } from './change.ts';
import { summaryLine } from './summary.ts';

/** The outcome of one `pnpm authz diff`: what was compared and every classified change. */
export interface AuthzReport {
  /** The base as asked for and the commit it resolved to. */
  readonly base: { readonly ref: string; readonly commit: string };
  /** `working tree` or a commit. */
  readonly head: string;
  readonly stage: string;
  /** App folders compared, and whether the shared stack was (only what the change affects). */
  readonly scope: { readonly apps: readonly string[]; readonly shared: boolean };
  readonly changes: readonly Change[];
  /** Caveats a reviewer should know (e.g. dependencies that differ from the base). */
  readonly notes: readonly string[];
  readonly summary: string;
  readonly review: Review | 'none';
  readonly platformReviewRequired: boolean;
}

export function buildReport(fields: Omit<AuthzReport, 'summary' | 'review' | 'platformReviewRequired'>): AuthzReport {
  return {
    ...fields,
    summary: summaryLine(fields.changes),
    review: overallReview(fields.changes),
    platformReviewRequired: needsPlatformReview(fields.changes),
  };
}
