import { describe, expect, it } from 'vitest';
import { firstTickAt, planTick, secondAt, secondOfTick, tickTime } from '../../harness/probes/tick-schedule.js';

const clock = { startedAt: 1_000_000, intervalMs: 1000 };

describe('tick schedule', () => {
  it('places tick n at startedAt + n intervals, and second k covers [startedAt + k s, startedAt + (k+1) s)', () => {
    expect(tickTime(clock, 0)).toBe(1_000_000);
    expect(tickTime(clock, 7)).toBe(1_007_000);
    expect(secondAt(clock, 1_000_000)).toBe(0);
    expect(secondAt(clock, 1_000_999)).toBe(0);
    expect(secondAt(clock, 1_001_000)).toBe(1);
    expect(secondAt(clock, 999_999)).toBe(-1);
  });

  it('records tick n as second n-1 (the state at the end of that second); tick 0 is the baseline', () => {
    expect(secondOfTick(0)).toBe(-1);
    expect(secondOfTick(1)).toBe(0);
    expect(secondOfTick(60)).toBe(59);
  });

  it('starts at tick 0 before the run and at the next boundary once it has begun', () => {
    expect(firstTickAt(clock, 990_000)).toBe(0);
    expect(firstTickAt(clock, 1_000_000)).toBe(0);
    expect(firstTickAt(clock, 1_000_001)).toBe(1);
    expect(firstTickAt(clock, 1_003_000)).toBe(3);
  });

  it('gives an on-time tick the whole timeout, and a slightly early timer no more than that', () => {
    expect(planTick(clock, 800, 5, tickTime(clock, 5))).toEqual({ run: true, n: 5, budgetMs: 800, missed: 0 });
    expect(planTick(clock, 800, 5, tickTime(clock, 5) - 2)).toEqual({ run: true, n: 5, budgetMs: 800, missed: 0 });
  });

  it('shortens a late tick so it still ends by tickTime + timeout, never running into the next', () => {
    expect(planTick(clock, 800, 5, tickTime(clock, 5) + 300)).toEqual({ run: true, n: 5, budgetMs: 500, missed: 0 });
  });

  it('skips a tick left with too little budget, and jumps over ticks an event-loop stall swallowed', () => {
    expect(planTick(clock, 800, 5, tickTime(clock, 5) + 780)).toEqual({ run: false, next: 6, missed: 1 });
    expect(planTick(clock, 800, 5, tickTime(clock, 8) + 100)).toEqual({ run: true, n: 8, budgetMs: 700, missed: 3 });
  });

  it('never drifts: the due time of tick n does not depend on when earlier ticks ran', () => {
    const times = Array.from({ length: 3600 }, (_, n) => tickTime({ startedAt: 1_700_000_000_123, intervalMs: 1000 }, n));
    expect(times.at(-1)).toBe(1_700_000_000_123 + 3_599_000);
    expect(times.every((t, n) => (t - 1_700_000_000_123) % 1000 === 0 && t - 1_700_000_000_123 === n * 1000)).toBe(true);
  });
});
