import { countsByKind, type ErrorKind } from '../load/error-kinds.js';
import type { LoadResult, NameResult, Percentiles, StageResult, TimelineSecond } from '../load/load-result.js';
import type { PointSink } from './k6-point-sink.js';
import type { SecondRow } from './k6-second-window.js';

/**
 * The LoadResult of a k6 run, as our engine would have written it, so that run.json, the
 * metrics summary and every renderer take it unchanged. What k6 does not measure is said, not
 * invented: k6 times a request from its actual send (latency.intended and latency.service are
 * both k6's http_req_duration), has no scheduling lag (count 0), and its http_req_blocked (time
 * waiting for a free TCP connection) stands for our connection wait.
 */
export interface LoadShape {
  readonly seed: number;
  /** The scenario's stages in ms and requests/s, when known. */
  readonly stages: readonly { readonly durationMs: number; readonly target: number }[];
  readonly startRate: number;
}

const none: Percentiles = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };

function timelineRows(rows: readonly SecondRow[]): TimelineSecond[] {
  return rows.map((r) => ({
    second: r.second,
    sent: r.sent,
    completed: r.completed,
    dropped: r.dropped,
    errors: countsByKind(r.errors),
    inFlight: r.inFlight,
    p50: r.p50,
    p99: r.p99,
  }));
}

function stageResults(shape: LoadShape, rows: readonly TimelineSecond[], observedMs: number): StageResult[] {
  const stages = shape.stages.length > 0 ? shape.stages : [{ durationMs: observedMs, target: 0 }];
  let from = shape.startRate;
  let at = 0;
  return stages.map((stage) => {
    const inStage = rows.filter((r) => r.second * 1000 >= at && r.second * 1000 < at + stage.durationMs);
    const sent = inStage.reduce((a, r) => a + r.sent, 0);
    const dropped = inStage.reduce((a, r) => a + r.dropped, 0);
    const seconds = Math.max(stage.durationMs / 1000, 1e-9);
    const known = shape.stages.length > 0;
    const result: StageResult = {
      durationMs: stage.durationMs,
      from,
      target: stage.target,
      unit: 'requests/s',
      scheduled: sent + dropped,
      sent,
      dropped,
      askedRate: known ? (from + stage.target) / 2 : null,
      achievedRate: sent / seconds,
    };
    at += stage.durationMs;
    from = stage.target;
    return result;
  });
}

export function k6LoadResult(sink: PointSink, shape: LoadShape, rows: readonly SecondRow[]): LoadResult {
  const durationMs = Number.isFinite(sink.firstMs) ? Math.max(0, sink.lastMs - sink.startMs) : 0;
  const timeline = timelineRows(rows);
  const errorsByKind: Partial<Record<ErrorKind, number>> = Object.fromEntries(sink.errorsByKind);
  const errors = [...sink.errorsByKind.values()].reduce((a, b) => a + b, 0);
  const latency = sink.duration.summary();
  const byName: Record<string, NameResult> = {};
  for (const [name, counts] of sink.byName) {
    const summary = counts.histogram.summary();
    byName[name] = { sent: counts.sent, completed: counts.completed, errors: counts.errors, intended: summary, service: summary };
  }
  const planned = shape.stages.reduce((a, s) => a + s.durationMs, 0);
  return {
    schemaVersion: 1,
    status: 'completed',
    model: 'arrival-rate',
    seed: shape.seed,
    startedAt: new Date(Number.isFinite(sink.startMs) ? sink.startMs : 0).toISOString(),
    plannedDurationMs: planned > 0 ? planned : durationMs,
    durationMs,
    targets: [...sink.byTarget].map(([url, t]) => ({ url, ...t, active: true })),
    stages: stageResults(shape, timeline, durationMs),
    totals: {
      scheduled: sink.sent + sink.dropped,
      sent: sink.sent,
      completed: sink.completed,
      ok: Math.max(0, sink.completed - errors + transportErrors(errorsByKind)),
      errors,
      dropped: sink.dropped,
      abandoned: 0,
      achievedRate: durationMs > 0 ? sink.sent / (durationMs / 1000) : 0,
      maxInFlight: timeline.reduce((a, r) => Math.max(a, r.inFlight), 0),
    },
    errorsByKind,
    checkFailures: Object.fromEntries(sink.checkFailures),
    latency: { intended: latency, service: latency },
    schedulingLag: none,
    connectionWait: sink.blocked.summary(),
    byName,
    timeline,
  };
}

/** Failures without a response: they are in `errors` but were never `completed`. */
function transportErrors(e: Partial<Record<ErrorKind, number>>): number {
  return (e.refused ?? 0) + (e.reset ?? 0) + (e.timeout ?? 0) + (e.protocol ?? 0) + (e.no_target ?? 0) + (e.other ?? 0);
}
