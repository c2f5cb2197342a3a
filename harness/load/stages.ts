/**
 * Arrival-rate arithmetic with the semantics of k6's `ramping-arrival-rate`: the rate starts at
 * `startRate` and each stage moves it linearly to its `target` over its duration (equal targets
 * make a constant stage, a short stage makes a spike). The cumulative count N(t) is the integral
 * of the rate; arrival n (0-based) is due at the time where N(t) = n + 1, as in k6, so a constant
 * 10/s stage sends its first request at 100 ms and its tenth at 1 s. Times come from solving the
 * integral for each n, never from adding intervals, so there is no drift over long runs.
 */

/** One ramp, already in milliseconds and requests per millisecond. */
export interface Ramp {
  readonly startMs: number;
  readonly durationMs: number;
  /** Rate at the start and at the end of the ramp, requests per second. */
  readonly fromRate: number;
  readonly toRate: number;
  /** Arrivals due before the ramp starts (real, not rounded). */
  readonly countBefore: number;
  /** Arrivals due within the ramp (real, not rounded). */
  readonly count: number;
}

export interface StageInput {
  readonly durationMs: number;
  /** Requests per second reached at the end of the stage. */
  readonly target: number;
}

// Float sums of stage integrals can land a hair below a whole number (2999.9999999997): the
// tolerance keeps an arrival that is due exactly at a stage's end from being lost.
const epsilon = 1e-7;

/** Builds the ramps of a plan; rates are requests per second, durations milliseconds. */
export function buildRamps(startRate: number, stages: readonly StageInput[]): Ramp[] {
  const ramps: Ramp[] = [];
  let from = startRate;
  let at = 0;
  let before = 0;
  for (const stage of stages) {
    const count = ((from + stage.target) / 2) * (stage.durationMs / 1000);
    ramps.push({ startMs: at, durationMs: stage.durationMs, fromRate: from, toRate: stage.target, countBefore: before, count });
    before += count;
    at += stage.durationMs;
    from = stage.target;
  }
  return ramps;
}

export function totalDurationMs(ramps: readonly Ramp[]): number {
  const last = ramps[ramps.length - 1];
  return last ? last.startMs + last.durationMs : 0;
}

/** Number of arrivals the plan schedules in all (k6 counts whole iterations only). */
export function totalArrivals(ramps: readonly Ramp[]): number {
  const last = ramps[ramps.length - 1];
  return last ? Math.floor(last.countBefore + last.count + epsilon) : 0;
}

/** The planned rate (requests/s) at `ms` after the start; 0 outside the plan. */
export function rateAt(ramps: readonly Ramp[], ms: number): number {
  for (const ramp of ramps) {
    if (ms >= ramp.startMs && ms < ramp.startMs + ramp.durationMs) {
      return ramp.fromRate + ((ramp.toRate - ramp.fromRate) * (ms - ramp.startMs)) / ramp.durationMs;
    }
  }
  return 0;
}

/** Offset (ms) within a ramp at which `delta` arrivals have accumulated since its start. */
function solveWithin(ramp: Ramp, delta: number): number {
  // N(tau) = a*tau + k*tau^2/2 with a in req/ms and k in req/ms^2. The form 2d/(a + sqrt(a^2+2kd))
  // stays exact when k is 0 and does not cancel catastrophically when the ramp goes down.
  const a = ramp.fromRate / 1000;
  const k = (ramp.toRate - ramp.fromRate) / 1000 / ramp.durationMs;
  const disc = a * a + 2 * k * delta;
  const denominator = a + Math.sqrt(Math.max(disc, 0));
  if (denominator <= 0) return ramp.durationMs;
  return Math.min(ramp.durationMs, (2 * delta) / denominator);
}

/** The time (ms after the start) at which arrival `n` (0-based) is due, or undefined past the end. */
export function arrivalTime(ramps: readonly Ramp[], n: number): number | undefined {
  const i = n + 1;
  for (const ramp of ramps) {
    if (i <= ramp.countBefore + ramp.count + epsilon && ramp.count > 0) {
      return ramp.startMs + solveWithin(ramp, Math.max(0, i - ramp.countBefore));
    }
  }
  return undefined;
}

/**
 * Walks the arrivals in order without searching the ramps each time (the scheduler asks for the
 * next due time once per request, so this stays O(1) per arrival).
 */
export class ArrivalClock {
  private rampIndex = 0;
  private n = 0;

  constructor(private readonly ramps: readonly Ramp[]) {}

  /** Index of the ramp the last returned arrival belongs to. */
  get stage(): number {
    return this.rampIndex;
  }

  /** Due time (ms after the start) of the next arrival, or Infinity when the plan is over. */
  next(): number {
    const i = this.n + 1;
    while (this.rampIndex < this.ramps.length) {
      const ramp = this.ramps[this.rampIndex] as Ramp;
      if (ramp.count > 0 && i <= ramp.countBefore + ramp.count + epsilon) {
        this.n++;
        return ramp.startMs + solveWithin(ramp, Math.max(0, i - ramp.countBefore));
      }
      this.rampIndex++;
    }
    return Number.POSITIVE_INFINITY;
  }
}
