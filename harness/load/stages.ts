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

/** How many arrivals are due at or before `ms` after the start: floor of the integral N(ms). */
export function arrivalsBy(ramps: readonly Ramp[], ms: number): number {
  let n = 0;
  for (const ramp of ramps) {
    if (ms >= ramp.startMs + ramp.durationMs) {
      n = ramp.countBefore + ramp.count;
      continue;
    }
    if (ms > ramp.startMs) {
      const tau = ms - ramp.startMs;
      const a = ramp.fromRate / 1000;
      const k = (ramp.toRate - ramp.fromRate) / 1000 / ramp.durationMs;
      n = ramp.countBefore + a * tau + (k * tau * tau) / 2;
    }
    break;
  }
  return Math.floor(n + epsilon);
}

/** Called with how many skipped arrivals fell in each ramp (only ramps with some). */
export type SkipHandler = (stage: number, count: number) => void;

/**
 * Walks the arrivals in order without searching the ramps each time (the scheduler asks for the
 * next due time once per request, so this stays O(1) per arrival), and skips any number of them
 * in O(ramps) when they are all to be dropped.
 */
export class ArrivalClock {
  private rampIndex = 0;
  private n = 0;
  /** Arrivals in ramps 0..i, cumulative, whole (an arrival belongs to the first ramp that holds it). */
  private readonly ends: number[];

  constructor(private readonly ramps: readonly Ramp[]) {
    this.ends = ramps.map((r) => Math.floor(r.countBefore + r.count + epsilon));
  }

  /** Arrivals returned by next() so far (the last one returned is number issued - 1). */
  get issued(): number {
    return this.n;
  }

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

  /**
   * Skips the last returned arrival and every later one due at or before `ms`, without solving
   * for each: the count is the integral of the rate over the skipped interval. Reports the counts
   * per ramp and returns their total; next() then returns the first arrival due after `ms`.
   */
  skipThrough(ms: number, onSkipped: SkipHandler): number {
    const from = this.n - 1;
    const to = Math.max(this.n, arrivalsBy(this.ramps, ms));
    let start = 0;
    for (let i = 0; i < this.ends.length; i++) {
      const end = this.ends[i] as number;
      const count = Math.min(end, to) - Math.max(start, from);
      if (count > 0) onSkipped(i, count);
      start = end;
    }
    this.n = to;
    return to - from;
  }
}
