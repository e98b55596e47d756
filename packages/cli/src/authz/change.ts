/**
 * One reviewable difference between two revisions, and who has to look at it.
 *
 * - `routine`: narrows access or only moves wiring; anyone may approve.
 * - `app-owner`: changes what the app itself exposes or holds, within its own boundary.
 * - `platform`: makes something reachable with fewer privileges, widens a grant, or touches what
 *   every app relies on (the shared authorizer, ownership, acknowledged policy findings).
 */
export type Review = 'routine' | 'app-owner' | 'platform';

export const REVIEW_ORDER: readonly Review[] = ['platform', 'app-owner', 'routine'];

export const REVIEW_LABEL: Readonly<Record<Review, string>> = {
  platform: 'needs the platform owner',
  'app-owner': 'needs the app owner',
  routine: 'routine',
};

/** What kind of change; the summary line counts by these. */
export type ChangeKind =
  | 'app-added'
  | 'app-removed'
  | 'app-broken'
  | 'route-added'
  | 'route-removed'
  | 'route-public'
  | 'route-protected'
  | 'scope-added'
  | 'scope-removed'
  | 'route-drift'
  | 'base-path'
  | 'owner'
  | 'authorizer'
  | 'authorizer-cache'
  | 'throttle'
  | 'grant-added'
  | 'grant-widened'
  | 'grant-removed'
  | 'resource-policy'
  | 'manifest-field'
  | 'suppression'
  | 'synthesis';

export interface Change {
  /** The app's name, or `infra` for the shared stack. */
  readonly app: string;
  /** What the change is about: a route key, a setting, a principal. */
  readonly subject: string;
  readonly kind: ChangeKind;
  readonly review: Review;
  /** What changed, one line. */
  readonly title: string;
  /** Why it needs this review, one line a reviewer can check. */
  readonly reason: string;
  /** Repository-relative file the change is declared in, when one is known (for SARIF). */
  readonly file?: string;
  /** Text to find the line by (e.g. the route key). */
  readonly anchor?: string;
  line?: number;
}

export type ChangeDraft = Omit<Change, 'app' | 'file'>;

/** Does any change require the platform owner? This is the command's exit status. */
export function needsPlatformReview(changes: readonly Change[]): boolean {
  return changes.some((change) => change.review === 'platform');
}

/** The highest review any change needs, or `none` without changes. */
export function overallReview(changes: readonly Change[]): Review | 'none' {
  return REVIEW_ORDER.find((review) => changes.some((change) => change.review === review)) ?? 'none';
}
