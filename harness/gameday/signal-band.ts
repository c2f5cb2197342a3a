import type { LiveFrame, SignalName } from '../record/gameday-record.js';

/** Seconds before a fault whose values make its band. */
export const bandWindowS = 30;
/** Consecutive seconds in band that count as "back". */
export const holdS = 3;

/**
 * Noise allowed around the pre-fault range, in the signal's unit: a quiet baseline (p99 of
 * 20 ms, 0 errors) would otherwise make any wobble look like the fault.
 */
const slack: Readonly<Record<SignalName, number>> = {
  p99: 50,
  errors: 2,
  ok: 5,
  dropped: 2,
  clWaiting: 2,
  poolWaiting: 2,
  deadlocks: 1,
  eventLoopP99: 20,
};

export function signalValue(frame: LiveFrame, signal: SignalName): number | null {
  return frame[signal];
}

/**
 * The range the signal kept in the `bandWindowS` seconds before `startS`, widened by 20% and the
 * signal's slack on both sides; null when there is no such second (a fault at second 0).
 */
export function preFaultBand(frames: readonly LiveFrame[], signal: SignalName, startS: number): [number, number] | null {
  const values = frames
    .filter((f) => f.s >= startS - bandWindowS && f.s < startS)
    .map((f) => signalValue(f, signal))
    .filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const low = Math.min(...values);
  const high = Math.max(...values);
  return [Math.max(0, low * 0.8 - slack[signal]), high * 1.2 + slack[signal]];
}

/**
 * The first second at or after `fromS` that starts `holdS` seconds in a row in band. A second
 * with no value (no answer completed: no p99) is not in band: silence is not recovery.
 */
export function backInBand(
  frames: readonly LiveFrame[],
  signal: SignalName,
  band: readonly [number, number],
  fromS: number,
): number | null {
  const bySecond = new Map(frames.map((f) => [f.s, f]));
  const inBand = (s: number) => {
    const frame = bySecond.get(s);
    const v = frame ? signalValue(frame, signal) : null;
    return v !== null && v >= band[0] && v <= band[1];
  };
  const last = frames.at(-1)?.s ?? -1;
  for (let s = Math.ceil(fromS); s + holdS - 1 <= last; s++) {
    let held = true;
    for (let k = 0; k < holdS && held; k++) held = inBand(s + k);
    if (held) return s;
  }
  return null;
}
