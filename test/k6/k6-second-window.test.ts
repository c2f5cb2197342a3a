import { describe, expect, it } from 'vitest';
import { SecondWindow } from '../../harness/k6/k6-second-window.js';

describe('the per-second window of an ingest', () => {
  it('keeps only the seconds still open, whatever the run length, and seals each with its percentiles', () => {
    const window = new SecondWindow();
    let mostOpen = 0;
    for (let second = 0; second < 3600; second++) {
      for (let i = 0; i < 20; i++) {
        const { row, open } = window.at(second);
        row.completed++;
        open?.histogram.record(1 + i);
      }
      // As the ingest does once every file is read past a second (with 3 s of slack).
      window.sealBelow(second - 3);
      mostOpen = Math.max(mostOpen, window.openCount);
    }
    expect(mostOpen).toBeLessThanOrEqual(4);
    const rows = window.finish();
    expect(rows).toHaveLength(3600);
    expect(rows[100]?.completed).toBe(20);
    // HDR at 3 significant digits: within 0.1% of the exact 10 ms and 20 ms.
    expect(Math.abs((rows[100]?.p50 as number) - 10)).toBeLessThanOrEqual(0.01);
    expect(Math.abs((rows[100]?.p99 as number) - 20)).toBeLessThanOrEqual(0.02);
  });

  it('still counts a point that arrives after its second was sealed, and says so', () => {
    const window = new SecondWindow();
    window.at(0).open?.histogram.record(5);
    window.sealBelow(5);
    const late = window.at(1);
    expect(late.open).toBeUndefined();
    late.row.sent++;
    expect(window.latePoints).toBe(1);
    expect(window.finish()[1]?.sent).toBe(1);
  });
});
