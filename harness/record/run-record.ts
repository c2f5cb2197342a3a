import type { LoadResult } from '../load/load-result.js';
import type { ChaosAction, Thresholds, VariantName, WorkReport } from '../scenario/scenario-types.js';
import type { MetricSummary, ThresholdVerdict } from '../scenario/thresholds.js';

/** Bump on any breaking change; renderers refuse a record they do not know. */
export const runSchema = 'stampede.run/v1';

export type RunStatus = 'completed' | 'interrupted' | 'failed';

/** Who set a chaos action going: the scenario's schedule, a live injection, a cancel, the safety lever, the end of the run. */
export type ChaosTrigger = 'schedule' | 'live' | 'safety' | 'stop';

/** One line of run.json's chaos log. */
export interface ChaosEvent {
  /** Milliseconds since the load phase started (the run clock). */
  readonly atMs: number;
  readonly step: string;
  readonly phase: 'start' | 'end';
  readonly action: ChaosAction;
  readonly ok: boolean;
  readonly trigger?: ChaosTrigger;
  /** The API's (or the database's) answer when the action failed. */
  readonly error?: string;
}

/** PostgreSQL's own deadlock reports, read from its log (native provider). */
export interface DeadlockEvidence {
  /** `ERROR:  deadlock detected` lines since the variant started. */
  readonly reports: number;
  /** The first few reports with their DETAIL lines ("waits for ShareLock on transaction ..."). */
  readonly samples: readonly string[];
}

/** What happened after the load stopped, before anything was counted. */
export interface SettleRecord {
  /** Time the workload's drain took (queues emptied, pending outcomes reconciled). */
  readonly drainMs: number;
  /** Time until PostgreSQL's and PgBouncer's counters stopped changing (bounded). */
  readonly settleMs: number;
  /** False when the bound was reached while they still moved. */
  readonly settled: boolean;
}

/** Columnar per-second timeline: every series has one value per entry of `seconds`. */
export interface Timeline {
  readonly seconds: number[];
  readonly series: Record<string, (number | null)[]>;
}

export interface InvariantRecord {
  readonly name: string;
  readonly description: string;
  readonly violations: number;
  readonly samples: readonly unknown[];
  readonly figures?: Readonly<Record<string, number>>;
  /** Set when the check itself could not run. */
  readonly error?: string;
}

export interface InstanceRecord {
  readonly instance: string;
  readonly pid: number;
  readonly url: string;
  /** Its last stderr lines when it exited or was killed during the run. */
  readonly stderrTail?: readonly string[];
}

export interface VariantRecord {
  readonly variant: VariantName;
  readonly status: RunStatus;
  readonly reason?: { readonly code: string; readonly message: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly instances: readonly InstanceRecord[];
  /** What the seed step reported (rows, keys). */
  readonly seeded: Readonly<Record<string, number>>;
  /** The load engine's result, its row timeline folded into `timeline`. */
  readonly load: Omit<LoadResult, 'timeline'> | null;
  /** Load and probe series on one clock (second 0 = start of the load phase). */
  readonly timeline: Timeline;
  readonly probeErrors: Readonly<Record<string, number>>;
  readonly chaos: readonly ChaosEvent[];
  /** Work asked of the variant vs work it did, from ground truth (rows, ledgers), after the drain. */
  readonly work?: WorkReport;
  readonly settle?: SettleRecord;
  /** What the servers themselves logged (native provider): PostgreSQL's deadlock reports. */
  readonly evidence?: { readonly postgresDeadlocks?: DeadlockEvidence };
  readonly invariants: readonly InvariantRecord[];
  /** Named metrics (k6-style) the thresholds are evaluated against. */
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  readonly expect: Thresholds;
  /** Expectations that could not be judged where this run ran, and why (e.g. server-log counts without the native provider). */
  readonly unjudged?: readonly { readonly metric: string; readonly thresholds: readonly string[]; readonly reason: string }[];
  readonly verdicts: readonly ThresholdVerdict[];
  /** True when every verdict passed and the variant completed. */
  readonly ok: boolean;
}

export interface InfraRecord {
  readonly provider: string;
  readonly versions: Readonly<Record<string, string | null>>;
  /** Settings actually in force, read back from the servers where possible. */
  readonly settings: Readonly<Record<string, string>>;
}

/** run.json: everything a report needs; renderers read only this. */
export interface RunRecord {
  readonly schema: typeof runSchema;
  readonly scenario: {
    readonly name: string;
    readonly incident: string;
    readonly sources: readonly string[];
    readonly service: string;
    readonly instances: number;
  };
  readonly argv: readonly string[];
  readonly seed: number;
  readonly scale: number;
  /** Planned length of each variant's load phase. */
  readonly plannedDurationMs: number;
  readonly stagesAsked: readonly { readonly durationMs: number; readonly target: number }[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: RunStatus;
  readonly reason?: { readonly code: string; readonly message: string };
  readonly infra: InfraRecord | null;
  readonly variants: readonly VariantRecord[];
  /** True when every variant met its expectations. */
  readonly ok: boolean;
}
