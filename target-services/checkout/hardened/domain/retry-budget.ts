/** How hard a call may be retried: attempts, each bounded, all within one budget. */
export interface RetryBudget {
  /** Attempts in all, the first one included. */
  readonly attempts: number;
  /** The longest one attempt may take. */
  readonly attemptTimeoutMs: number;
  /** The longest all attempts and the pauses between them may take together. */
  readonly budgetMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export type NextAttempt = { readonly kind: 'stop' } | { readonly kind: 'attempt'; readonly delayMs: number; readonly timeoutMs: number };

// An attempt with less time than this left would only add a call the caller cannot wait for.
const minUsefulAttemptMs = 50;

/**
 * Whether to make another attempt after `made` attempts and `elapsedMs`, and with what pause and
 * timeout. The pause is "full jitter" (uniform below an exponentially growing cap), so callers
 * that failed together do not retry together; the timeout is cut to what the budget has left.
 * `random` is in [0, 1) and injectable so that tests can pin the jitter.
 */
export function nextAttempt(budget: RetryBudget, made: number, elapsedMs: number, random: () => number): NextAttempt {
  if (made >= budget.attempts) return { kind: 'stop' };
  const delayMs = made === 0 ? 0 : Math.floor(random() * Math.min(budget.maxDelayMs, budget.baseDelayMs * 2 ** (made - 1)));
  const left = budget.budgetMs - elapsedMs - delayMs;
  if (left < minUsefulAttemptMs) return { kind: 'stop' };
  return { kind: 'attempt', delayMs, timeoutMs: Math.min(budget.attemptTimeoutMs, left) };
}
