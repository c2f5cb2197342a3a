import type { LoadResult } from '../load/index.js';
import type { InstanceRecord, VariantRecord } from '../record/run-record.js';
import type { Thresholds } from '../scenario/scenario-types.js';
import { mergeThresholds } from '../scenario/threshold-flags.js';
import { evaluateThresholds, type MetricSummary } from '../scenario/thresholds.js';
import { summarizeMetrics } from './metrics-summary.js';
import { deadlockEvidence, serverLogCounts } from './postgres-log-evidence.js';
import { mergeTimeline } from './timeline-merge.js';
import type { VariantOutcome, VariantRunOptions } from './variant-types.js';

/** Metrics only PostgreSQL's own log can give: judged where the harness can read that log (native provider). */
const serverLogMetric = /^pg_log_/;

/** The variant's record: timeline, metrics from ground truth, work, verdicts. */
export function buildVariantRecord(options: VariantRunOptions, outcome: VariantOutcome, startedAt: Date): VariantRecord {
  const { status } = outcome;
  const load = outcome.load;
  const readLog = options.postgresLog !== undefined && status !== 'failed';
  const deadlocks = readLog && options.postgresLog ? deadlockEvidence(options.postgresLog, outcome.logStart) : undefined;
  const logCounts = readLog && options.postgresLog ? serverLogCounts(options.postgresLog, outcome.logStart) : undefined;
  const probeTimeline = outcome.probeTimeline;
  const timeline = mergeTimeline(load, probeTimeline ? { seconds: probeTimeline.seconds, series: probeTimeline.series } : null);
  const metrics: Record<string, MetricSummary> = summarizeMetrics(load, timeline, outcome.invariants);
  if (deadlocks) metrics.pg_log_deadlocks = { count: deadlocks.reports, value: deadlocks.reports };
  for (const [name, n] of Object.entries(logCounts ?? {})) metrics[name] = { count: n, value: n };
  if (outcome.work) {
    const { asked, done } = outcome.work;
    // k6-style rate: `work_done: ['rate>0.99']`; asking for nothing is not doing everything.
    metrics.work_done = { rate: asked === 0 ? 0 : done / asked, count: done, value: done };
    metrics.work_not_done = { count: asked - done, value: asked - done };
  }
  const { judged, unjudged } = splitJudgeable(
    mergeThresholds(options.scenario.expect[options.variant] ?? {}, options.extraThresholds ?? {}),
    readLog,
  );
  const verdicts = status === 'completed' ? evaluateThresholds(judged, metrics) : [];
  const instances: InstanceRecord[] = (outcome.services?.started ?? []).map((i) => ({ instance: i.instance, pid: i.pid, url: i.url }));
  const { timeline: _rows, ...loadWithoutRows } = load ?? { timeline: null };
  return {
    variant: options.variant,
    status,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    instances,
    seeded: outcome.seeded,
    load: load ? (loadWithoutRows as Omit<LoadResult, 'timeline'>) : null,
    timeline,
    probeErrors: probeTimeline?.errors ?? {},
    chaos: outcome.chaos,
    ...(outcome.work ? { work: outcome.work } : {}),
    ...(outcome.settle ? { settle: outcome.settle } : {}),
    ...(deadlocks ? { evidence: { postgresDeadlocks: deadlocks } } : {}),
    invariants: outcome.invariants,
    metrics,
    expect: judged,
    ...(unjudged.length > 0 ? { unjudged } : {}),
    verdicts,
    ok: status === 'completed' && verdicts.every((v) => v.ok),
  };
}

/** Expectations on the server log cannot be judged without the log: they are listed as not judged, with why. */
function splitJudgeable(expect: Thresholds, logReadable: boolean) {
  const judged: Record<string, readonly string[]> = {};
  const unjudged: { metric: string; thresholds: readonly string[]; reason: string }[] = [];
  for (const [metric, list] of Object.entries(expect)) {
    if (serverLogMetric.test(metric) && !logReadable) {
      unjudged.push({ metric, thresholds: list, reason: "PostgreSQL's log is read only when the native provider runs the server" });
    } else judged[metric] = list;
  }
  return { judged, unjudged };
}
