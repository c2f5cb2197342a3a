import { describe, expect, it } from 'vitest';
import { evaluateThresholds, parseThreshold } from '../../harness/scenario/thresholds.js';

describe('k6 threshold expressions', () => {
  it('parses the aggregations k6 users write', () => {
    expect(parseThreshold('p(99)<1000')).toMatchObject({ aggregation: { kind: 'percentile', p: 99 }, operator: '<', value: 1000 });
    expect(parseThreshold('p(99.9) <= 250.5')).toMatchObject({
      aggregation: { kind: 'percentile', p: 99.9 },
      operator: '<=',
      value: 250.5,
    });
    expect(parseThreshold('rate<0.01')).toMatchObject({ aggregation: { kind: 'named', name: 'rate' } });
    expect(parseThreshold('count==0')).toMatchObject({ operator: '==', value: 0 });
    expect(parseThreshold('max>=5')).toMatchObject({ aggregation: { kind: 'named', name: 'max' }, operator: '>=' });
  });

  it('refuses what is not a threshold', () => {
    for (const bad of ['p99<1000', 'p(101)<1', 'rate < fast', 'median<3', 'count=0', '']) expect(parseThreshold(bad)).toBeUndefined();
  });

  it('evaluates against metric summaries, and a metric that was not measured fails', () => {
    const metrics = {
      http_req_duration: { avg: 120, max: 900, percentiles: { '99': 850 } },
      http_req_failed: { rate: 0.002 },
      deadlocks: { count: 3 },
    };
    const verdicts = evaluateThresholds(
      {
        http_req_duration: ['p(99)<1000', 'max<500'],
        http_req_failed: ['rate<0.01'],
        deadlocks: ['count==0', 'count>0'],
        'invariant:missing': ['count==0'],
      },
      metrics,
    );
    expect(verdicts.map((v) => [v.metric, v.threshold, v.actual, v.ok])).toEqual([
      ['http_req_duration', 'p(99)<1000', 850, true],
      ['http_req_duration', 'max<500', 900, false],
      ['http_req_failed', 'rate<0.01', 0.002, true],
      ['deadlocks', 'count==0', 3, false],
      ['deadlocks', 'count>0', 3, true],
      ['invariant:missing', 'count==0', null, false],
    ]);
  });
});
