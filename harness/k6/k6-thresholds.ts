import type { Thresholds } from '../scenario/scenario-types.js';
import { parseThreshold } from '../scenario/thresholds.js';
import { checkFailedMetric } from './k6-script-runtime.js';

/**
 * Our thresholds (a scenario's `expect` plus `--threshold`) split into the ones k6 can judge
 * itself and the ones only Stampede can. k6 judges a threshold when the metric is one k6 has
 * and the aggregation is one k6 computes for that metric's type; the rest are kept, with the
 * reason, for the script's header comment (and judged by `stampede k6 ingest` / `stampede report`).
 */
export interface HarnessOnlyThreshold {
  readonly metric: string;
  readonly expression: string;
  readonly reason: string;
}

export interface TranslatedThresholds {
  /** k6's `options.thresholds`. */
  readonly k6: Record<string, string[]>;
  readonly harnessOnly: HarnessOnlyThreshold[];
}

type K6MetricType = 'trend' | 'rate' | 'counter';

/** The aggregations k6 computes for each metric type (k6's threshold syntax). */
const aggregationsOf: Record<K6MetricType, ReadonlySet<string>> = {
  trend: new Set(['avg', 'min', 'max', 'med', 'percentile']),
  rate: new Set(['rate']),
  counter: new Set(['count', 'rate']),
};

/** Our metric name -> k6's metric expression and type, for the metrics k6 measures too. */
function k6Metric(metric: string): { name: string; type: K6MetricType } | undefined {
  if (metric === 'http_req_duration') return { name: 'http_req_duration', type: 'trend' };
  if (metric === 'http_req_failed') return { name: 'http_req_failed', type: 'rate' };
  if (metric === 'http_reqs') return { name: 'http_reqs', type: 'counter' };
  if (metric === 'dropped_iterations') return { name: 'dropped_iterations', type: 'counter' };
  const byName = /^http_req_duration:(.+)$/.exec(metric)?.[1];
  if (byName) return { name: `http_req_duration{name:${byName}}`, type: 'trend' };
  const failure = /^check_failed:(.+)$/.exec(metric)?.[1];
  if (failure) return { name: `${checkFailedMetric}{failure:${failure}}`, type: 'counter' };
  return undefined;
}

/** Why a metric that k6 does not have can only be judged by Stampede. */
function harnessReason(metric: string): string {
  if (metric.startsWith('invariant:')) return 'an invariant: Stampede checks it against the database and ledgers after the load';
  if (/^(deadlocks|pg_|db_errors:|pgbouncer_|redis_|pool_waiting|in_flight|event_loop_lag|upstream_calls|shed|queue_)/.test(metric)) {
    return "an incident signature: Stampede's probes read it from PostgreSQL, PgBouncer, Redis or the services";
  }
  if (metric.startsWith('errors:'))
    return 'errors by kind: `stampede k6 ingest` counts them from the k6 output (status and error_code tags)';
  if (metric === 'http_req_service_duration' || metric === 'scheduling_lag') return "measured by Stampede's own engine only";
  return 'not a k6 metric';
}

export function translateThresholds(thresholds: Thresholds): TranslatedThresholds {
  const k6: Record<string, string[]> = {};
  const harnessOnly: HarnessOnlyThreshold[] = [];
  for (const [metric, expressions] of Object.entries(thresholds)) {
    const target = k6Metric(metric);
    for (const expression of expressions) {
      const parsed = parseThreshold(expression);
      const aggregation = parsed?.aggregation.kind === 'percentile' ? 'percentile' : parsed?.aggregation.name;
      if (!target) {
        harnessOnly.push({ metric, expression, reason: harnessReason(metric) });
      } else if (!parsed || !aggregation || !aggregationsOf[target.type].has(aggregation)) {
        harnessOnly.push({ metric, expression, reason: `k6 computes no "${aggregation ?? expression}" for a ${target.type} metric` });
      } else {
        const list = k6[target.name] ?? [];
        if (!list.includes(expression)) list.push(expression);
        k6[target.name] = list;
      }
    }
  }
  return { k6, harnessOnly };
}
