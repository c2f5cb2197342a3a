import { describe, expect, it } from 'vitest';
import type { LoadResult, Percentiles } from '../../harness/load/load-result.js';
import { summarizeMetrics } from '../../harness/run/metrics-summary.js';

const p = (x: number): Percentiles => ({ count: 10, min: x, mean: x, p50: x, p90: x, p95: x, p99: x, p999: x, max: x });

function load(errorsByKind: LoadResult['errorsByKind'], completed: number, errors: number): LoadResult {
  return {
    schemaVersion: 1,
    status: 'completed',
    model: 'arrival-rate',
    seed: 1,
    startedAt: '',
    plannedDurationMs: 10_000,
    durationMs: 10_000,
    targets: [],
    stages: [],
    totals: {
      scheduled: 100,
      sent: 100,
      completed,
      ok: completed - errors,
      errors,
      dropped: 0,
      abandoned: 0,
      achievedRate: 10,
      maxInFlight: 5,
    },
    errorsByKind,
    checkFailures: {},
    latency: { intended: p(20), service: p(10) },
    schedulingLag: p(1),
    connectionWait: p(0),
    byName: {},
    timeline: [],
  };
}

describe('metric summaries', () => {
  it('computes http_req_failed over every request that ended, with or without a response', () => {
    const metrics = summarizeMetrics(load({ http_5xx: 5, refused: 10, timeout: 3, protocol: 2 }, 85, 20), { seconds: [], series: {} }, []);
    expect(metrics.http_req_failed).toEqual({ rate: 20 / 100, count: 20 });
    expect(metrics.http_req_duration?.percentiles?.['99']).toBe(20);
    expect(metrics['errors:refused']).toEqual({ count: 10 });
  });

  it('sums counter deltas over the run and takes gauges at their peak', () => {
    const timeline = {
      seconds: [0, 1, 2],
      series: {
        'pg.deadlocks_delta': [null, 2, 1],
        'pgbouncer.cl_waiting': [0, 7, 3],
        'services.all.service_db_errors_total_delta{sqlstate="40P01"}': [0, 2, 1],
        'services.all.service_http_in_flight': [1, 2, 1],
        'services.all.service_queue_redeliveries_total_delta': [0, 5, 2],
        'services.all.service_queue_dlq_total_delta{reason="unknown-field"}': [0, 1, 1],
        'services.all.service_queue_dlq_total_delta{reason="max-receives"}': [0, 0, 3],
      },
    };
    const metrics = summarizeMetrics(null, timeline, [{ name: 'lost', description: '', violations: 4, samples: [] }]);
    expect(metrics.deadlocks).toEqual({ count: 3, value: 3 });
    expect(metrics.pgbouncer_cl_waiting).toEqual({ max: 7, value: 7 });
    expect(metrics['db_errors:40P01']).toEqual({ count: 3, value: 3 });
    // Scraped services and no 53300: a measured zero, not a missing metric.
    expect(metrics['db_errors:53300']).toEqual({ count: 0, value: 0 });
    expect(metrics['invariant:lost']).toEqual({ count: 4, value: 4 });
    expect(metrics.queue_redeliveries).toEqual({ count: 7, value: 7 });
    expect(metrics.queue_dlq).toEqual({ count: 5, value: 5 });
    expect(metrics['queue_dlq:unknown-field']).toEqual({ count: 2, value: 2 });
  });

  it('leaves out what was not measured, so a threshold on it fails instead of passing', () => {
    const metrics = summarizeMetrics(null, { seconds: [0], series: {} }, []);
    expect(metrics.deadlocks).toBeUndefined();
    expect(metrics['db_errors:40P01']).toBeUndefined();
  });
});
