/**
 * Tick arithmetic of the probe sampler, on the run's clock. Second k covers
 * `[startedAt + k*interval, startedAt + (k+1)*interval)`; tick n fires at `startedAt + n*interval`
 * and reads the state at the *end* of second n-1, so a counter's delta at tick n is what happened
 * during second n-1: the same window in which the load engine counts that second's requests.
 * Tick 0 (at `startedAt`) is the baseline: it is sampled but not recorded.
 *
 * Each tick is placed from `startedAt`, never from the previous tick's end, so timer lateness
 * does not accumulate into drift.
 */

export interface TickClock {
  readonly startedAt: number;
  readonly intervalMs: number;
}

/** Epoch ms at which tick n is due. */
export function tickTime(clock: TickClock, n: number): number {
  return clock.startedAt + n * clock.intervalMs;
}

/** Index of the second (interval) that contains `at`; negative before the run starts. */
export function secondAt(clock: TickClock, at: number): number {
  return Math.floor((at - clock.startedAt) / clock.intervalMs);
}

/** The first tick due at or after `now` (0 when the run has not started yet). */
export function firstTickAt(clock: TickClock, now: number): number {
  return Math.max(0, Math.ceil((now - clock.startedAt) / clock.intervalMs));
}

/** The second a tick's sample is recorded as; -1 for the baseline tick. */
export function secondOfTick(n: number): number {
  return n - 1;
}

export type TickPlan =
  | { readonly run: true; readonly n: number; readonly budgetMs: number; readonly missed: number }
  | { readonly run: false; readonly next: number; readonly missed: number };

/**
 * What to do when the timer for tick `due` fires at `now`. A late timer (a stalled event loop)
 * moves on to the newest tick already due; the sample's budget ends at `tickTime + timeoutMs`,
 * whatever the lateness, so one tick never runs into the next. A tick left with less than
 * `minBudgetMs` is skipped. `missed` counts the ticks that will never be sampled.
 */
export function planTick(clock: TickClock, timeoutMs: number, due: number, now: number, minBudgetMs = 50): TickPlan {
  const n = Math.max(due, secondAt(clock, now));
  const budgetMs = tickTime(clock, n) + timeoutMs - now;
  if (budgetMs < minBudgetMs) return { run: false, next: n + 1, missed: n - due + 1 };
  return { run: true, n, budgetMs: Math.min(budgetMs, timeoutMs), missed: n - due };
}
