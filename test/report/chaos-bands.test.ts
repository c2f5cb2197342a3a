import { describe, expect, it } from 'vitest';
import type { ChaosEvent } from '../../harness/record/run-record.js';
import { chaosBands, describeAction, layoutLanes } from '../../harness/report/chaos-bands.js';

const toxic = { type: 'toxic', proxy: 'map-api', toxic: { type: 'latency', attributes: { latency: 250, jitter: 200 } } } as const;
const ev = (atMs: number, step: string, phase: 'start' | 'end', action: ChaosEvent['action'] = toxic, ok = true): ChaosEvent => ({
  atMs,
  step,
  phase,
  action,
  ok,
  ...(ok ? {} : { error: 'proxy not found' }),
});

describe('chaos bands', () => {
  it('gives overlapping intervals different lanes and reuses a lane once it is free', () => {
    expect(
      layoutLanes([
        { start: 0, end: 55 },
        { start: 25, end: 40 },
        { start: 41, end: 50 },
        { start: 40, end: 45 },
      ]),
    ).toEqual([0, 1, 2, 1]);
  });

  it('pairs each start with its end, on the run clock in seconds', () => {
    const bands = chaosBands(
      [ev(31, 'baseline', 'start'), ev(25_000, 'slow', 'start'), ev(40_000, 'slow', 'end'), ev(55_038, 'baseline', 'end')],
      56,
    );
    expect(bands.map((b) => [b.step, b.startS, b.endS, b.lane])).toEqual([
      ['baseline', 0.031, 55.038, 0],
      ['slow', 25, 40, 1],
    ]);
    expect(bands[1]?.detail).toBe('latency on map-api (latency 250, jitter 200)');
  });

  it('draws a one-shot action as a marker and an undoable fault left active as a band to the end', () => {
    const kill = { type: 'kill-instance', instance: 2 } as const;
    const bands = chaosBands(
      [ev(10_000, 'kill-2', 'start', kill), ev(20_000, 'partition', 'start', { type: 'disable-proxy', proxy: 'redis' })],
      30,
    );
    expect(bands.map((b) => [b.step, b.startS, b.endS])).toEqual([
      ['kill-2', 10, null],
      ['partition', 20, 30],
    ]);
    expect(bands[0]?.detail).toBe('instance 2 killed');
  });

  it('keeps a failed step visible and says why', () => {
    const [band] = chaosBands([ev(1000, 'slow', 'start', toxic, false), ev(2000, 'slow', 'end')], 5);
    expect(band?.ok).toBe(false);
    expect(band?.detail).toMatch(/failed: proxy not found/);
  });

  it('moves a band to another lane when the previous label would overlap it', () => {
    const bands = chaosBands([ev(0, 'a', 'start'), ev(1000, 'a', 'end'), ev(1500, 'b', 'start'), ev(3000, 'b', 'end')], 10, () => 5);
    expect(bands.map((b) => b.lane)).toEqual([0, 1]);
  });

  it('describes every action type', () => {
    expect(describeAction({ type: 'sql', sql: 'ALTER TABLE trucks ADD COLUMN x int' })).toBe('SQL: ALTER TABLE trucks ADD COLUMN x int');
    expect(describeAction({ type: 'disable-proxy', proxy: 'redis' })).toBe('proxy redis disabled');
  });
});
