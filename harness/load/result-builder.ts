import type { LoadResult, StageResult } from './load-result.js';
import type { NormalizedPlan } from './plan-validation.js';
import type { Recorder } from './recorder.js';
import type { TargetPool } from './target-pool.js';

export interface ResultInputs {
  readonly plan: NormalizedPlan;
  readonly recorder: Recorder;
  readonly pools: readonly TargetPool[];
  readonly active: ReadonlySet<TargetPool>;
  readonly status: LoadResult['status'];
  readonly startedAt: Date;
  readonly durationMs: number;
  /** From the start to the end of the load phase (or to the interrupt). */
  readonly loadPhaseMs: number;
  readonly names: readonly string[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

function stageResults(inputs: ResultInputs): StageResult[] {
  const { plan, recorder } = inputs;
  if (plan.model === 'vus') {
    const counts = recorder.stages[0] ?? { scheduled: 0, sent: 0, dropped: 0 };
    const seconds = Math.min(plan.durationMs, inputs.loadPhaseMs) / 1000;
    return [
      {
        durationMs: plan.durationMs,
        from: plan.vus,
        target: plan.vus,
        unit: 'vus',
        scheduled: counts.scheduled,
        sent: counts.sent,
        dropped: 0,
        askedRate: null,
        achievedRate: seconds > 0 ? round1(counts.sent / seconds) : 0,
      },
    ];
  }
  return plan.ramps.map((ramp, i) => {
    const counts = recorder.stages[i] ?? { scheduled: 0, sent: 0, dropped: 0 };
    // An interrupted run achieved a stage only for the part of it that ran.
    const ran = Math.max(0, Math.min(ramp.durationMs, inputs.loadPhaseMs - ramp.startMs)) / 1000;
    return {
      durationMs: ramp.durationMs,
      from: ramp.fromRate,
      target: ramp.toRate,
      unit: 'requests/s',
      scheduled: counts.scheduled,
      sent: counts.sent,
      dropped: counts.dropped,
      askedRate: ramp.durationMs > 0 ? round1(ramp.count / (ramp.durationMs / 1000)) : 0,
      achievedRate: ran > 0 ? round1(counts.sent / ran) : 0,
    };
  });
}

/** Turns what a run recorded into the plain result model (call before recorder.destroy()). */
export function buildResult(inputs: ResultInputs): LoadResult {
  const { plan, recorder } = inputs;
  const intended = recorder.intended.summary();
  const service = recorder.service.summary();
  const loadPhaseMs = Math.min(plan.durationMs, inputs.loadPhaseMs);
  return {
    schemaVersion: 1,
    status: inputs.status,
    model: plan.model,
    seed: plan.seed,
    startedAt: inputs.startedAt.toISOString(),
    plannedDurationMs: plan.durationMs,
    durationMs: round3(inputs.durationMs),
    targets: inputs.pools.map((pool) => ({
      url: pool.target.url,
      sent: pool.sent,
      completed: pool.completed,
      errors: pool.errors,
      active: inputs.active.has(pool),
    })),
    stages: stageResults(inputs),
    totals: recorder.totals(loadPhaseMs),
    errorsByKind: recorder.errorsByKind(),
    checkFailures: Object.fromEntries([...recorder.checkFailures].sort((a, b) => b[1] - a[1])),
    latency: { intended, service },
    schedulingLag: recorder.lag.summary(),
    connectionWait: recorder.connectionWait.summary(),
    byName: recorder.byName(inputs.names, intended, service),
    timeline: recorder.timeline.samples,
  };
}
