import { describe, expect, it } from 'vitest';
import { linearAxis, linearScale, logAxis, logScale, niceStep, tickLabel } from '../../harness/report/chart-scale.js';

describe('chart scales and ticks', () => {
  it('maps a domain onto pixels, linear and log', () => {
    const y = linearScale(0, 100, 200, 0);
    expect([y(0), y(50), y(100)]).toEqual([200, 100, 0]);
    const log = logScale(10, 1000, 0, 100);
    expect([log(10), log(100), log(1000)]).toEqual([0, 50, 100]);
    expect(log(1)).toBe(0); // below the floor: drawn at the floor, never off the chart
  });

  it('picks 1-2-5 steps', () => {
    expect(niceStep(100, 4)).toBe(50);
    expect(niceStep(56, 6)).toBe(10);
    expect(niceStep(0.32, 4)).toBe(0.1);
    expect(niceStep(0, 4)).toBe(1);
  });

  it('rounds a linear axis out to whole steps, without float noise', () => {
    expect(linearAxis(0, 93)).toEqual({ min: 0, max: 100, ticks: [0, 50, 100] });
    expect(linearAxis(0, 0.316).ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(linearAxis(0, 0)).toEqual({ min: 0, max: 1, ticks: [0, 0.5, 1] });
  });

  it('keeps count axes whole', () => {
    expect(linearAxis(0, 2, 4, true).ticks).toEqual([0, 1, 2]);
    expect(linearAxis(0, 0, 4, true).ticks).toEqual([0, 1]);
  });

  it('covers a log axis with whole decades, 1-2-5 ticks when it spans few', () => {
    expect(logAxis(14, 3316)).toEqual({ min: 10, max: 10_000, ticks: [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000] });
    expect(logAxis(0.5, 50_000).ticks).toEqual([0.1, 1, 10, 100, 1000, 10_000, 100_000]);
    expect(logAxis(100, 100)).toMatchObject({ min: 100, max: 1000 });
  });

  it('labels ticks compactly', () => {
    expect([0, 0.25, 50, 1500, 10_000, 2_000_000].map(tickLabel)).toEqual(['0', '0.25', '50', '1.5k', '10k', '2M']);
  });
});
