import type { ErrorKind } from './error-kinds.js';

/**
 * The result model of one load run: plain data, JSON-serialisable as is, read by the report
 * writers and copied into run.json. All durations are milliseconds (with microsecond fractions),
 * all rates requests per second. Bump `schemaVersion` on any breaking change.
 */
export interface LoadResult {
  readonly schemaVersion: 1;
  /** `interrupted` when the run was aborted (Ctrl-C, SIGTERM, or the caller's signal). */
  readonly status: 'completed' | 'interrupted';
  readonly model: 'arrival-rate' | 'vus';
  /** Replays the same request sequence when passed back as the plan's seed. */
  readonly seed: number;
  readonly startedAt: string;
  /** Planned length of the load phase. */
  readonly plannedDurationMs: number;
  /** Actual wall time, drain of in-flight requests included. */
  readonly durationMs: number;
  readonly targets: readonly TargetResult[];
  readonly stages: readonly StageResult[];
  readonly totals: Totals;
  readonly errorsByKind: Partial<Record<ErrorKind, number>>;
  /** Named failures returned by response checks: the first 100 distinct names, any later new one under "(other)". */
  readonly checkFailures: Readonly<Record<string, number>>;
  readonly latency: {
    /** From the intended send time: includes any wait the generator or the pool added. */
    readonly intended: Percentiles;
    /** From the actual write of the request to the end of its response. */
    readonly service: Percentiles;
  };
  /** Dispatch time minus intended time: how late the generator itself was. */
  readonly schedulingLag: Percentiles;
  /** Time a dispatched request waited for a free connection of its target's pool. */
  readonly connectionWait: Percentiles;
  readonly byName: Readonly<Record<string, NameResult>>;
  readonly timeline: readonly TimelineSecond[];
}

export interface Percentiles {
  /** Number of values recorded (responses received, for latency). */
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface Totals {
  /** Requests the plan asked for up to the stop (arrival-rate) or issued by the VUs. */
  readonly scheduled: number;
  /** Requests written to a socket. */
  readonly sent: number;
  /** Responses received, whatever their status. */
  readonly completed: number;
  /** Completed with a 2xx/3xx status and no check failure. */
  readonly ok: number;
  /** Failed requests of every kind (see errorsByKind). */
  readonly errors: number;
  /** Due while maxInFlight requests were already in flight: never sent. */
  readonly dropped: number;
  /** Still in flight when an interrupted run stopped: neither completed nor failed. */
  readonly abandoned: number;
  /** Requests sent per second of the load phase. */
  readonly achievedRate: number;
  /** Most requests in flight at once. */
  readonly maxInFlight: number;
}

export interface StageResult {
  readonly durationMs: number;
  /** Rate (requests/s) or VUs at the start and at the end of the stage. */
  readonly from: number;
  readonly target: number;
  readonly unit: 'requests/s' | 'vus';
  /** Requests due within the stage (arrival-rate) or issued within it (vus). */
  readonly scheduled: number;
  readonly sent: number;
  readonly dropped: number;
  /** Mean rate the plan asked for over the stage (null for vus). */
  readonly askedRate: number | null;
  /** Requests sent per second within the stage. */
  readonly achievedRate: number;
}

export interface TargetResult {
  readonly url: string;
  readonly sent: number;
  readonly completed: number;
  readonly errors: number;
  /** False when setTargets() removed it before the end. */
  readonly active: boolean;
}

export interface NameResult {
  readonly sent: number;
  readonly completed: number;
  readonly errors: number;
  readonly intended: Percentiles;
  readonly service: Percentiles;
}

/** One second of the run, counted by when things happened (a response by when it completed). */
export interface TimelineSecond {
  /** Seconds since the start (0 is the first second). */
  readonly second: number;
  readonly sent: number;
  readonly completed: number;
  readonly dropped: number;
  readonly errors: Partial<Record<ErrorKind, number>>;
  /** Requests in flight when the second ended. */
  readonly inFlight: number;
  /** Latency from intended send time of the responses completed in that second; null if none. */
  readonly p50: number | null;
  readonly p99: number | null;
}
