import type { LoadResult, Percentiles } from '../load/load-result.js';
import type { InvariantRecord, Timeline } from '../record/run-record.js';
import type { MetricSummary } from '../scenario/thresholds.js';

function trend(p: Percentiles): MetricSummary {
  return {
    avg: p.mean,
    min: p.min,
    max: p.max,
    med: p.p50,
    count: p.count,
    percentiles: { '50': p.p50, '90': p.p90, '95': p.p95, '99': p.p99, '99.9': p.p999 },
  };
}

function values(timeline: Timeline, match: (name: string) => boolean): number[][] {
  return Object.entries(timeline.series)
    .filter(([name]) => match(name))
    .map(([, column]) => column.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
}

/** Largest value any matching series reached; undefined when nothing matched or was sampled. */
export function seriesMax(timeline: Timeline, match: (name: string) => boolean): number | undefined {
  const all = values(timeline, match).flat();
  return all.length === 0 ? undefined : Math.max(...all);
}

/** Sum over the run of the matching per-second delta series. */
export function seriesSum(timeline: Timeline, match: (name: string) => boolean): number | undefined {
  const columns = values(timeline, match);
  if (columns.every((c) => c.length === 0)) return undefined;
  return columns.flat().reduce((a, b) => a + b, 0);
}

const put = (metrics: Record<string, MetricSummary>, name: string, summary: MetricSummary | undefined) => {
  if (summary) metrics[name] = summary;
};
const count = (n: number | undefined): MetricSummary | undefined => (n === undefined ? undefined : { count: n, value: n });
const peak = (n: number | undefined): MetricSummary | undefined => (n === undefined ? undefined : { max: n, value: n });

/**
 * The named metrics thresholds are written against, k6's names where k6 has one
 * (http_req_duration, http_req_failed, http_reqs, dropped_iterations), the incident signatures
 * beside them (deadlocks, db_errors:<SQLSTATE>, pool_waiting, pgbouncer_cl_waiting, ...), and one
 * `invariant:<name>` per invariant (count = violations).
 */
export function summarizeMetrics(
  load: LoadResult | null,
  timeline: Timeline,
  invariants: readonly InvariantRecord[],
): Record<string, MetricSummary> {
  const metrics: Record<string, MetricSummary> = {};
  if (load) {
    const seconds = Math.max(load.durationMs / 1000, 1e-9);
    metrics.http_reqs = { count: load.totals.completed, rate: load.totals.completed / seconds };
    // Requests that ended: with a response, or with a transport failure (no response at all).
    const e = load.errorsByKind;
    const transport = (e.refused ?? 0) + (e.reset ?? 0) + (e.timeout ?? 0) + (e.protocol ?? 0) + (e.other ?? 0) + (e.no_target ?? 0);
    const finished = load.totals.completed + transport;
    metrics.http_req_failed = { rate: finished === 0 ? 0 : load.totals.errors / finished, count: load.totals.errors };
    metrics.http_req_duration = trend(load.latency.intended);
    metrics.http_req_service_duration = trend(load.latency.service);
    metrics.dropped_iterations = { count: load.totals.dropped, value: load.totals.dropped };
    metrics.scheduling_lag = trend(load.schedulingLag);
    for (const [kind, n] of Object.entries(load.errorsByKind)) metrics[`errors:${kind}`] = { count: n ?? 0 };
    for (const [name, n] of Object.entries(load.checkFailures)) metrics[`check_failed:${name}`] = { count: n };
    for (const [name, result] of Object.entries(load.byName)) metrics[`http_req_duration:${name}`] = trend(result.intended);
  }

  put(metrics, 'deadlocks', count(seriesSum(timeline, (n) => n === 'pg.deadlocks_delta')));
  put(metrics, 'pg_rollbacks', count(seriesSum(timeline, (n) => n === 'pg.xact_rollback_delta')));
  put(metrics, 'pg_waiting_lock', peak(seriesMax(timeline, (n) => n === 'pg_activity.waiting_lock')));
  put(metrics, 'pgbouncer_cl_waiting', peak(seriesMax(timeline, (n) => n === 'pgbouncer.cl_waiting')));
  put(metrics, 'pgbouncer_maxwait_seconds', peak(seriesMax(timeline, (n) => n === 'pgbouncer.maxwait_seconds')));
  put(metrics, 'redis_connected_clients', peak(seriesMax(timeline, (n) => n === 'redis.connected_clients')));
  put(metrics, 'pool_waiting', peak(seriesMax(timeline, (n) => n === 'services.all.service_db_pool_waiting')));
  put(metrics, 'in_flight', peak(seriesMax(timeline, (n) => n === 'services.all.service_http_in_flight')));
  put(
    metrics,
    'event_loop_lag_p99_ms',
    peak(
      scale(
        seriesMax(timeline, (n) => n === 'services.max.service_event_loop_lag_p99_seconds'),
        1000,
      ),
    ),
  );
  // Counters are summed from their per-second deltas: an instance that restarts or is killed
  // mid-run neither double-counts nor vanishes from the total.
  put(metrics, 'upstream_calls', count(seriesSum(timeline, (n) => /^services\.all\.service_upstream_calls_total_delta(\{|$)/.test(n))));
  put(metrics, 'shed', count(seriesSum(timeline, (n) => n === 'services.all.service_shed_total_delta')));
  // Queue services (Redis Streams with SQS semantics) report their own counters; these are the
  // ones a scenario asserts on: redeliveries, and dead letters overall and by reason.
  put(metrics, 'queue_redeliveries', count(seriesSum(timeline, (n) => n === 'services.all.service_queue_redeliveries_total_delta')));
  put(metrics, 'queue_processed', count(seriesSum(timeline, (n) => n === 'services.all.service_queue_processed_total_delta')));
  put(metrics, 'queue_dlq', count(seriesSum(timeline, (n) => /^services\.all\.service_queue_dlq_total_delta(\{|$)/.test(n))));
  for (const name of Object.keys(timeline.series)) {
    const reason = /^services\.all\.service_queue_dlq_total_delta\{reason="([^"]+)"\}$/.exec(name)?.[1];
    if (reason) put(metrics, `queue_dlq:${reason}`, count(seriesSum(timeline, (n) => n === name)));
  }
  for (const name of Object.keys(timeline.series)) {
    const sqlstate = /^services\.all\.service_db_errors_total_delta\{sqlstate="([^"]+)"\}$/.exec(name)?.[1];
    if (sqlstate) put(metrics, `db_errors:${sqlstate}`, count(seriesSum(timeline, (n) => n === name)));
  }
  // Once the services were scraped at all, a SQLSTATE that never showed is a measured zero.
  if (Object.keys(timeline.series).some((n) => n.startsWith('services.all.'))) {
    for (const sqlstate of ['40P01', '40001', '53300']) metrics[`db_errors:${sqlstate}`] ??= { count: 0, value: 0 };
  }

  for (const invariant of invariants) {
    metrics[`invariant:${invariant.name}`] = invariant.error ? {} : { count: invariant.violations, value: invariant.violations };
  }
  return metrics;
}

function scale(n: number | undefined, factor: number): number | undefined {
  return n === undefined ? undefined : n * factor;
}
