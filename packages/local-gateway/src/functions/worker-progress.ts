/**
 * What a worker has done with the invocations posted to it, in two Int32s of memory it shares
 * with the gateway (`RuntimeData.progress`): read without a message, so the hot path posts none.
 * Invocation ids run 0, 1, … one at a time per worker; each slot holds a count, stored (not
 * added) by the worker.
 */

/**
 * Invocations the worker has taken: it raises the count from `id` to `id + 1` (a compare-exchange)
 * before its handler sees invocation `id`. Once the worker has ended, an invocation posted to it at
 * or past this count is one it never began: its handler did not run, so the pool hands it to
 * another worker instead of failing it (`worker-pool.ts`).
 */
export const STARTED = 0;

/**
 * Stored in `STARTED` by the gateway (a compare-exchange from `id`) to take back invocation `id`
 * the worker has not taken by its deadline: the worker's own exchange then fails, and it never
 * starts it. One of the two wins; neither can both run it and have it run elsewhere.
 */
export const WITHDRAWN = -1;

/**
 * Invocations the worker has answered, stored once each answer is posted: the gateway sees a
 * finished invocation, its answer queued for it, before it takes the message (`FunctionInstance.answered`).
 */
export const ANSWERED = 1;

/**
 * Invocations one worker serves at most (ids 0 … 2^31 - 2, so that every count, `id + 1`, is an
 * Int32 and non-negative, apart from `WITHDRAWN`); it is then retired and the pool starts another.
 * Unreachable in practice (a year at 68 requests a second), but a count that wrapped would make a
 * started invocation look unstarted (run twice) or a withdrawn one look taken.
 */
export const MAX_INVOCATIONS = 2 ** 31 - 1;

/** Bytes of the shared memory. */
export const PROGRESS_BYTES = 8;
