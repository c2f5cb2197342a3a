/**
 * Scales and ticks for the report's SVG charts: pure functions, so axes are tested without a
 * browser and the same data always draws the same picture.
 */

/** Maps a domain value to a pixel. */
export type Scale = (value: number) => number;

export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Log10 scale; values at or below the domain's floor are drawn at the floor. */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0 || 1;
  return (v) => r0 + ((Math.log10(Math.max(v, d0)) - l0) / span) * (r1 - r0);
}

/** The 1-2-5 step that splits `span` into about `count` intervals. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

export interface Axis {
  /** The domain the axis covers, its ends rounded out to whole steps. */
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
}

// Steps like 0.1 accumulate float error (0.30000000000000004): round ticks to the step's decimals.
const roundTo = (v: number, step: number) => {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(decimals));
};

/**
 * A linear axis from `min` (usually 0) to at least `max`, with about `count` round ticks;
 * `integer` keeps the step whole (counts of deadlocks have no half).
 */
export function linearAxis(min: number, max: number, count = 4, integer = false): Axis {
  const hi = max > min ? max : min + 1;
  const step = integer ? Math.max(1, niceStep(hi - min, count)) : niceStep(hi - min, count);
  const lo = Math.floor(min / step) * step;
  const top = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= top + step / 2; v += step) ticks.push(roundTo(v, step));
  return { min: roundTo(lo, step), max: roundTo(top, step), ticks };
}

/**
 * A log axis over whole decades covering [min, max] (min > 0), ticked at 1, 2, 5 x 10^k when it
 * spans few decades and at each decade otherwise: latency from 5 ms to 5 s stays readable.
 */
export function logAxis(min: number, max: number): Axis {
  const floor = Math.max(min, Number.MIN_VALUE);
  const lo = 10 ** Math.floor(Math.log10(floor));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(max, lo * 10)) - 1e-9);
  const decades = Math.round(Math.log10(hi / lo));
  const ticks: number[] = [];
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    for (const m of decades <= 3 ? [1, 2, 5] : [1]) {
      const v = Number((d * m).toPrecision(6));
      if (v <= hi * 1.0001) ticks.push(v);
    }
  }
  return { min: lo, max: hi, ticks };
}

/** A tick label: 1,500 -> "1.5k", 0.25 -> "0.25", 2,000,000 -> "2M". */
export function tickLabel(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (abs >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}
