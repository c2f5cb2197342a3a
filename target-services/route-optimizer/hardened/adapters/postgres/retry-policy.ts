import { sqlstateOf } from '../../../../shared/sqlstate.js';

/** deadlock_detected and serialization_failure: the transaction was rolled back and may simply run again. */
const retryableSqlstates = new Set(['40P01', '40001']);

export interface RetryPolicy {
  /** Runs in all, the first one included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** [0, 1); injectable so that tests can pin the jitter. */
  readonly random?: () => number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 20, maxDelayMs: 400 };

export function isRetryable(err: unknown): boolean {
  const sqlstate = sqlstateOf(err);
  return sqlstate !== undefined && retryableSqlstates.has(sqlstate);
}

/**
 * Delay before retry number `retry` (1 for the first retry): "full jitter", a uniform draw below
 * an exponentially growing cap, so that transactions that failed together do not retry together.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

/** Runs `work`, again after a jittered back-off while it fails with a retryable SQLSTATE. */
export async function withRetry<T>(policy: RetryPolicy, work: () => Promise<T>, onError: (err: unknown) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      onError(err);
      if (attempt >= policy.attempts || !isRetryable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(attempt, policy, policy.random)));
    }
  }
}
