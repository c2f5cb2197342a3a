import { describe, expect, it } from 'vitest';
import { counterDelta, deltaName, withDeltas } from '../../harness/probes/counter-deltas.js';
import type { ProbeValues } from '../../harness/probes/probe.js';

describe('counter deltas', () => {
  it('names the delta series after the metric, before any labels', () => {
    expect(deltaName('deadlocks')).toBe('deadlocks_delta');
    expect(deltaName('naive-1.errors_total{sqlstate="40P01"}')).toBe('naive-1.errors_total_delta{sqlstate="40P01"}');
  });

  it('has no delta without a baseline or a reading, and treats a drop as a reset', () => {
    expect(counterDelta(undefined, 5)).toBeNull();
    expect(counterDelta(null, 5)).toBeNull();
    expect(counterDelta(5, null)).toBeNull();
    expect(counterDelta(5, 8)).toBe(3);
    expect(counterDelta(8, 8)).toBe(0);
    expect(counterDelta(8, 2)).toBe(2);
  });

  it('adds a delta per counter present, keeps the last good reading across a gap, and leaves gauges alone', () => {
    let last: ReadonlyMap<string, number> = new Map();
    const readings: ProbeValues[] = [
      { deadlocks: 0, numbackends: 3 },
      { deadlocks: 1, numbackends: 4 },
      { deadlocks: null, numbackends: null },
      { deadlocks: 4 },
      {},
    ];
    const deltas: (number | null | undefined)[] = [];
    for (const values of readings) {
      const step = withDeltas(values, ['deadlocks'], last);
      last = step.last;
      deltas.push(step.values.deadlocks_delta);
      expect(step.values).toMatchObject(values);
      expect('numbackends_delta' in step.values).toBe(false);
    }
    // The gap's increase (1 -> 4) lands in the first second after it; a missing key has no delta.
    expect(deltas).toEqual([null, 1, null, 3, undefined]);
  });

  it('is pure: the previous baseline map is never modified', () => {
    const last = new Map([['c', 1]]);
    const step = withDeltas({ c: 5 }, ['c'], last);
    expect(last.get('c')).toBe(1);
    expect(step.last.get('c')).toBe(5);
  });
});
