import { describe, expect, it } from 'vitest';
import { ArrivalClock, arrivalsBy, arrivalTime, buildRamps, rateAt, totalArrivals, totalDurationMs } from '../../harness/load/stages.js';

function allArrivals(startRate: number, stages: { durationMs: number; target: number }[]): number[] {
  const clock = new ArrivalClock(buildRamps(startRate, stages));
  const times: number[] = [];
  for (let t = clock.next(); t !== Number.POSITIVE_INFINITY; t = clock.next()) times.push(t);
  return times;
}

describe('arrival-rate stages (k6 ramping-arrival-rate semantics)', () => {
  it('a constant stage sends rate x duration requests, the first at 1/rate and the last at the end', () => {
    const times = allArrivals(10, [{ durationMs: 1000, target: 10 }]);
    expect(times).toHaveLength(10);
    expect(times[0]).toBeCloseTo(100, 9);
    expect(times[9]).toBeCloseTo(1000, 9);
  });

  it('derives every time from the integral, so a long stage does not drift', () => {
    const ramps = buildRamps(3000, [{ durationMs: 3_600_000, target: 3000 }]);
    expect(totalArrivals(ramps)).toBe(10_800_000);
    // 1/3 ms is not exact in binary: adding intervals would drift; solving per arrival does not.
    expect(arrivalTime(ramps, 10_799_999)).toBeCloseTo(3_600_000, 6);
    expect(arrivalTime(ramps, 5_399_999)).toBeCloseTo(1_800_000, 6);
  });

  it('a linear ramp from 0 to r over d schedules r*d/2 requests with N(t) = r t^2 / 2d', () => {
    const times = allArrivals(0, [{ durationMs: 2000, target: 100 }]);
    expect(times).toHaveLength(100);
    for (const [i, t] of times.entries()) {
      const n = (100 * (t / 1000) ** 2) / (2 * 2);
      expect(n).toBeCloseTo(i + 1, 6);
    }
    // Arrivals crowd towards the end of a ramp up.
    expect(times[49]).toBeCloseTo(2000 * Math.sqrt(0.5), 6);
  });

  it('a ramp down mirrors a ramp up', () => {
    const down = allArrivals(100, [{ durationMs: 2000, target: 0 }]);
    expect(down).toHaveLength(100);
    expect(down[0]).toBeLessThan(15);
    const gaps = down.slice(1).map((t, i) => t - (down[i] as number));
    expect(gaps[gaps.length - 1]).toBeGreaterThan(gaps[0] as number);
  });

  it('chains stages: each ramps from the previous target, equal targets hold, a short stage spikes', () => {
    const stages = [
      { durationMs: 1000, target: 100 }, // 0 -> 100: 50
      { durationMs: 1000, target: 100 }, // hold: 100
      { durationMs: 100, target: 1000 }, // spike up: (100+1000)/2 * 0.1 = 55
      { durationMs: 1000, target: 1000 }, // hold: 1000
      { durationMs: 100, target: 100 }, // back down: 55
    ];
    const ramps = buildRamps(0, stages);
    expect(totalDurationMs(ramps)).toBe(3200);
    expect(ramps.map((r) => r.count)).toEqual([50, 100, 55, 1000, 55].map((n) => expect.closeTo(n, 9)));
    expect(totalArrivals(ramps)).toBe(1260);
    expect(allArrivals(0, stages)).toHaveLength(1260);
    expect(rateAt(ramps, 500)).toBeCloseTo(50, 9);
    expect(rateAt(ramps, 1500)).toBeCloseTo(100, 9);
    expect(rateAt(ramps, 2050)).toBeCloseTo(550, 9);
    expect(rateAt(ramps, 5000)).toBe(0);
  });

  it('start rate: the first stage ramps from it', () => {
    const ramps = buildRamps(200, [{ durationMs: 1000, target: 0 }]);
    expect(totalArrivals(ramps)).toBe(100);
    expect(rateAt(ramps, 0)).toBe(200);
  });

  it('a stage at rate 0 schedules nothing and the clock moves past it', () => {
    const times = allArrivals(0, [
      { durationMs: 1000, target: 0 },
      { durationMs: 1000, target: 0 },
      { durationMs: 1000, target: 10 },
    ]);
    expect(times).toHaveLength(5);
    expect(times.every((t) => t > 2000)).toBe(true);
  });

  it('the clock, walking in order, agrees with the direct formula and reports the stage', () => {
    const stages = [
      { durationMs: 700, target: 37 },
      { durationMs: 300, target: 37 },
      { durationMs: 900, target: 5 },
    ];
    const ramps = buildRamps(3, stages);
    const clock = new ArrivalClock(ramps);
    for (let n = 0; n < totalArrivals(ramps); n++) {
      const t = clock.next();
      expect(t).toBeCloseTo(arrivalTime(ramps, n) as number, 9);
      const ramp = ramps[clock.stage];
      expect(ramp && t >= ramp.startMs && t <= ramp.startMs + ramp.durationMs).toBe(true);
    }
    expect(clock.next()).toBe(Number.POSITIVE_INFINITY);
    expect(arrivalTime(ramps, totalArrivals(ramps))).toBeUndefined();
  });

  it('arrivalsBy(t) counts exactly the arrivals due at or before t, and skipThrough agrees with walking', () => {
    const stages = [
      { durationMs: 700, target: 300 },
      { durationMs: 400, target: 300 },
      { durationMs: 900, target: 20 },
    ];
    const ramps = buildRamps(50, stages);
    const times = allArrivals(50, stages);
    for (const t of [0, 1, 99.5, 350, 700, 701, 1100, 1650, 2000, 5000]) {
      expect(arrivalsBy(ramps, t), `t=${t}`).toBe(times.filter((x) => x <= t + 1e-9).length);
    }
    const clock = new ArrivalClock(ramps);
    for (let i = 0; i < 40; i++) clock.next();
    const perStage: number[] = [0, 0, 0];
    const skipped = clock.skipThrough(1650, (stage, count) => {
      perStage[stage] = (perStage[stage] as number) + count;
    });
    const dueBy = times.filter((x) => x <= 1650).length;
    expect(skipped).toBe(dueBy - 39);
    const stageOf = (i: number) => ((times[i] as number) <= 700 ? 0 : (times[i] as number) <= 1100 ? 1 : 2);
    const expected = [0, 0, 0];
    for (let i = 39; i < dueBy; i++) expected[stageOf(i)] = (expected[stageOf(i)] as number) + 1;
    expect(perStage).toEqual(expected);
    expect(clock.next()).toBeCloseTo(times[dueBy] as number, 9);
  });
});
