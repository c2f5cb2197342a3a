import { describe, expect, it } from 'vitest';
import { remainingShape, stretchStages } from '../../harness/gameday/load-segments.js';

const shape = {
  startRate: 10,
  stages: stretchStages(
    [
      { duration: '10s', target: 30 },
      { duration: '20s', target: 30 },
    ],
    1,
  ),
  maxInFlight: 100,
  timeout: '5s',
  connections: 8,
};

describe('remainingShape', () => {
  it('resumes mid-ramp at the rate reached, with what is left of each stage', () => {
    expect(remainingShape(shape, 5000)).toEqual({
      startRate: 20,
      stages: [
        { durationMs: 5000, target: 30 },
        { durationMs: 20_000, target: 30 },
      ],
    });
    expect(remainingShape(shape, 0)).toEqual({ startRate: 10, stages: shape.stages });
    expect(remainingShape(shape, 25_000)).toEqual({ startRate: 30, stages: [{ durationMs: 5000, target: 30 }] });
    expect(remainingShape(shape, 30_000).stages).toEqual([]);
  });
});
