import type pg from 'pg';
import type { RequestTemplate, StageSpec } from '../load/load-plan.js';

export type VariantName = 'naive' | 'hardened';

/** What seed, workload and invariants get: direct connections (never through Toxiproxy). */
export interface ScenarioContext {
  /** Direct to PostgreSQL: seeding and invariants must not be slowed by the faults. */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** A small pool on databaseUrl, shared by invariants. */
  readonly db: pg.Pool;
  readonly variant: VariantName;
  /**
   * Fake upstreams by name -> their direct base URL (not through Toxiproxy), for invariants that
   * read an upstream's ledger. Empty during seed(): the upstreams start after it.
   */
  readonly upstreams: Readonly<Record<string, string>>;
  /** Multiplies the seed data (`--scale`): 1 is the story's scale. */
  readonly scale: number;
  readonly seed: number;
}

/** A toxic as Toxiproxy's API takes it. */
export interface ToxicSpec {
  readonly type: 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer' | 'slicer' | 'limit_data';
  readonly name?: string;
  readonly stream?: 'upstream' | 'downstream';
  readonly toxicity?: number;
  readonly attributes: Readonly<Record<string, number>>;
}

export type ChaosAction =
  | { readonly type: 'toxic'; readonly proxy: string; readonly toxic: ToxicSpec }
  | { readonly type: 'disable-proxy'; readonly proxy: string }
  | { readonly type: 'kill-instance'; readonly instance: number }
  | { readonly type: 'restart-instance'; readonly instance: number }
  | { readonly type: 'sql'; readonly sql: string };

/** One timed fault: starts `at` into the load phase, undone after `for` when given. */
export interface ChaosStep {
  readonly at: string;
  readonly for?: string;
  readonly name: string;
  readonly action: ChaosAction;
}

export interface InvariantResult {
  readonly violations: number;
  /** A few violating rows, for the report. */
  readonly samples: readonly unknown[];
  /** Extra figures (e.g. the amount involved). */
  readonly figures?: Readonly<Record<string, number>>;
}

export interface Invariant {
  readonly name: string;
  readonly description: string;
  check(ctx: ScenarioContext): Promise<InvariantResult>;
}

/**
 * Work asked of a variant vs work it did, counted from ground truth (database rows, an upstream's
 * ledger), never from the service's answers: a fix that drops work is no fix.
 */
export interface WorkReport {
  /** What one unit of work is: "truck assignments", "doorbuster units", "orders". */
  readonly unit: string;
  readonly asked: number;
  readonly done: number;
  /** Why the rest was not done, by reason; the counts add up to asked - done. */
  readonly notDone: Readonly<Record<string, number>>;
}

/** The per-variant moving parts: built fresh for each variant so closures can share state. */
export interface Workload {
  /** The request mix (the open-model stages come from the scenario's `load`). */
  readonly requests: readonly RequestTemplate[];
  readonly invariants: readonly Invariant[];
  /**
   * After the load, before anything is counted: lets background work finish (a queue drains,
   * jobs complete, unknown outcomes are reconciled). Must return by `deadline` (epoch ms); the
   * services are still running. Its length is recorded as `settle.drainMs`.
   */
  drain?(ctx: ScenarioContext, deadline: number): Promise<void>;
  /** Counts work asked vs done from ground truth, after the drain. */
  work?(ctx: ScenarioContext): Promise<WorkReport>;
}

/** k6-style thresholds: metric name -> expressions such as `p(99)<1000`, `rate<0.01`, `count>0`. */
export type Thresholds = Readonly<Record<string, readonly string[]>>;

export interface ScenarioDefinition {
  /** kebab-case; `stampede run <name>`. */
  readonly name: string;
  /** One paragraph: what happened in the source story. */
  readonly incident: string;
  /** Files in shared/incident-sources that tell the story. */
  readonly sources: readonly string[];
  /** Folder under target-services/. */
  readonly service: string;
  readonly variants: readonly VariantName[];
  /** Service instances per variant. */
  readonly instances: number;
  /** Fake upstreams under target-services/upstreams/ that the services call through Toxiproxy. */
  readonly upstreams: readonly string[];
  /** Environment given to every instance (besides the URLs the harness fills in). */
  readonly serviceEnv?: Readonly<Record<string, string>>;
  readonly load: {
    readonly stages: readonly StageSpec[];
    readonly startRate?: number;
    readonly maxInFlight: number;
    readonly timeout: string;
    readonly connections?: number;
  };
  /** Prepares the data for one variant (called before each variant: both start equal). */
  seed(ctx: ScenarioContext): Promise<Readonly<Record<string, number>>>;
  workload(ctx: ScenarioContext): Workload;
  readonly chaos: readonly ChaosStep[];
  /** Per variant: what must show (naive) or must not (hardened), as k6-style thresholds. */
  readonly expect: Readonly<Partial<Record<VariantName, Thresholds>>>;
}
