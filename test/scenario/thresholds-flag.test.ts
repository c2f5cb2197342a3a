import { describe, expect, it } from 'vitest';
import { applyThresholds } from '../../harness/report/apply-thresholds.js';
import { mergeThresholds, parseThresholdFlags } from '../../harness/scenario/threshold-flags.js';
import { loadFixture } from '../report/support.js';

describe('--threshold flags', () => {
  it('split at the last colon, so metric names keep theirs', () => {
    expect(
      parseThresholdFlags([
        'http_req_duration:p(99)<500',
        'invariant:hazmat-through-tunnel:count==0',
        'db_errors:40P01: count == 0',
        'http_req_duration:p(99)<500',
      ]),
    ).toEqual({
      http_req_duration: ['p(99)<500'],
      'invariant:hazmat-through-tunnel': ['count==0'],
      'db_errors:40P01': ['count == 0'],
    });
  });

  it('refuse a flag without a metric or with a bad expression (STAMPEDE_USAGE)', () => {
    for (const bad of ['p(99)<500', ':p(99)<500', 'http_req_duration:p99<500', 'http_req_duration:']) {
      expect(() => parseThresholdFlags([bad]), bad).toThrow(expect.objectContaining({ code: 'STAMPEDE_USAGE' }));
    }
  });

  it('merge with the scenario expect, each expression once', () => {
    expect(mergeThresholds({ deadlocks: ['count==0'] }, { deadlocks: ['count==0', 'count<2'], http_reqs: ['rate>10'] })).toEqual({
      deadlocks: ['count==0', 'count<2'],
      http_reqs: ['rate>10'],
    });
  });

  it('judge a saved run again: new verdicts are added, ok follows them, the input is untouched', () => {
    const record = loadFixture('both');
    const judged = applyThresholds(
      record,
      parseThresholdFlags(['http_req_duration:p(99)<800', 'invariant:hazmat-through-tunnel:count==0']),
    );
    const [naive, hardened] = judged.variants;
    expect(naive?.verdicts.slice(-2).map((v) => [v.metric, v.actual, v.ok])).toEqual([
      ['http_req_duration', 1042.431, false],
      ['invariant:hazmat-through-tunnel', 579, false],
    ]);
    // hardened already had invariant:hazmat-through-tunnel count==0: judged once, not twice
    expect(hardened?.verdicts.filter((v) => v.metric === 'invariant:hazmat-through-tunnel' && v.threshold === 'count==0')).toHaveLength(1);
    expect(hardened?.verdicts.find((v) => v.threshold === 'p(99)<800')?.ok).toBe(true);
    expect([naive?.ok, hardened?.ok, judged.ok]).toEqual([false, true, false]);
    expect(naive?.expect.http_req_duration).toEqual(['p(99)<800']);
    expect(record.ok).toBe(true);
    expect(record.variants[0]?.verdicts).toHaveLength(4);
  });
});
