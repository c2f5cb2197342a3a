import { describe, expect, it } from 'vitest';
import { ArrivalScheduler } from '../../harness/load/scheduler.js';
import { ArrivalClock, arrivalsBy, buildRamps, type Ramp } from '../../harness/load/stages.js';

interface Tally {
  taken: number;
  calls: number;
  dropped: number[];
}

/**
 * Runs a scheduler on real timers for `ms`; the handler takes `capacity` arrivals, then is full.
 * Each taken arrival costs `costMicros` of busy CPU, as sending a request does.
 */
function runFor(ramps: Ramp[], ms: number, capacity: number, costMicros = 0): Promise<Tally & { due: number }> {
  const tally: Tally = { taken: 0, calls: 0, dropped: ramps.map(() => 0) };
  const origin = performance.now();
  const scheduler = new ArrivalScheduler(
    new ArrivalClock(ramps),
    origin,
    () => {
      tally.calls++;
      if (tally.taken >= capacity) return false;
      tally.taken++;
      const until = performance.now() + costMicros / 1000;
      while (costMicros > 0 && performance.now() < until) {
        // busy: the cost of building and writing a request
      }
      return true;
    },
    (stage, count) => {
      tally.dropped[stage] = (tally.dropped[stage] as number) + count;
    },
    () => {},
  );
  scheduler.start();
  return new Promise((resolve) =>
    setTimeout(() => {
      const end = performance.now() - origin;
      scheduler.flushUntil(origin + end);
      resolve({ ...tally, due: arrivalsBy(ramps, end) });
    }, ms),
  );
}

describe('arrival scheduler under a rate it cannot serve (issue 17 item 1)', () => {
  it('counts the arrivals it cannot send in bulk: calls scale with wake-ups, not with the rate', async () => {
    const ramps = buildRamps(1_000_000, [{ durationMs: 60_000, target: 1_000_000 }]);
    const t = await runFor(ramps, 300, 10);
    const dropped = t.dropped.reduce((a, b) => a + b, 0);
    // ~300,000 arrivals fall due; one call per wake-up says "full", the rest is arithmetic.
    expect(t.taken + dropped).toBe(t.due);
    expect(t.due).toBeGreaterThan(250_000);
    expect(t.calls).toBeLessThan(1000);
  });

  it('splits a bulk drop across the ramps it spans, as per-arrival counting would', async () => {
    const ramps = buildRamps(0, [
      { durationMs: 50, target: 200_000 },
      { durationMs: 50, target: 200_000 },
      { durationMs: 100, target: 0 },
    ]);
    // Block the loop past the whole plan: every arrival is due at the first wake-up.
    const origin = performance.now();
    const counts = [0, 0, 0];
    let taken = 0;
    const scheduler = new ArrivalScheduler(
      new ArrivalClock(ramps),
      origin,
      () => taken++ < 3,
      (stage, count) => {
        counts[stage] = (counts[stage] as number) + count;
      },
      () => {},
    );
    scheduler.start();
    while (performance.now() - origin < 250) {
      // busy: a long GC pause or a blocked loop
    }
    scheduler.flushUntil(origin + 200);
    // Stage 1: 0->200k/s over 50 ms = 5,000; stage 2: 10,000; stage 3: 10,000. Three were taken from stage 1.
    expect(counts).toEqual([5000 - 3, 10_000, 10_000]);
  });

  it('a generator that falls behind with capacity left still yields between batches', async () => {
    const ramps = buildRamps(1_000_000, [{ durationMs: 60_000, target: 1_000_000 }]);
    let turns = 0;
    const spin = setInterval(() => turns++, 1);
    // 2 µs per arrival: at 1,000,000/s the generator cannot keep up and is always behind.
    const t = await runFor(ramps, 300, Number.POSITIVE_INFINITY, 2);
    clearInterval(spin);
    // Every arrival is taken one by one here, in slices: timers still run in between. A loop
    // that never yielded would leave this interval at 0 turns, and runFor's own end timer would
    // never fire (the test would time out).
    expect(turns).toBeGreaterThan(0);
    expect(t.due).toBeGreaterThan(t.taken);
    expect(t.taken + (t.dropped[0] as number)).toBe(t.due);
  });
});
