import type { ProbeValues } from './probe.js';

/**
 * Per-second deltas of counters are computed by the probes themselves, with this pure helper,
 * because only a probe knows which of its keys are counters and when a counter's source came and
 * went (a service instance removed mid-run must not look like a counter reset of the sum). The
 * sampler stays generic: it records whatever a sample returns.
 *
 * Rules, the same for every probe:
 * - the first reading has no baseline: its delta is `null`, not 0;
 * - a `null` reading gives a `null` delta and keeps the last good reading, so the first reading
 *   after a gap carries the whole increase over the gap (nothing is lost from a sum of deltas);
 * - a reading below the last one is a reset (a restart): the delta is the new reading, as
 *   Prometheus' `increase()` assumes.
 */

/**
 * Name of a counter's delta series: `deadlocks` -> `deadlocks_delta`; with labels the suffix goes
 * on the metric name, `errors_total{sqlstate="40P01"}` -> `errors_total_delta{sqlstate="40P01"}`.
 */
export function deltaName(key: string): string {
  const brace = key.indexOf('{');
  return brace === -1 ? `${key}_delta` : `${key.slice(0, brace)}_delta${key.slice(brace)}`;
}

/** Increase of a counter between two readings (see the rules above). */
export function counterDelta(previous: number | null | undefined, current: number | null): number | null {
  if (current === null || previous === null || previous === undefined) return null;
  return current >= previous ? current - previous : current;
}

export interface DeltaStep {
  /** The readings with a `<key>_delta` entry added for every counter key present. */
  readonly values: ProbeValues;
  /** The last good reading of every counter, to pass to the next step. */
  readonly last: ReadonlyMap<string, number>;
}

/**
 * One step of delta tracking. Pure: the probe keeps `last` only when its sample is still wanted
 * (its signal not aborted), so an abandoned sample never moves the baseline.
 */
export function withDeltas(values: ProbeValues, counters: Iterable<string>, last: ReadonlyMap<string, number>): DeltaStep {
  const out: ProbeValues = { ...values };
  const next = new Map(last);
  for (const key of counters) {
    if (!(key in values)) continue;
    const current = values[key] ?? null;
    out[deltaName(key)] = counterDelta(last.get(key), current);
    if (current !== null) next.set(key, current);
  }
  return { values: out, last: next };
}
