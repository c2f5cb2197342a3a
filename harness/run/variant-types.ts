import type { ProxyFleet } from '../chaos/proxy-fleet.js';
import type { StackEndpoints } from '../infra/stack-types.js';
import type { LoadEngine, LoadProgress, LoadResult } from '../load/index.js';
import type { ProbeTimeline } from '../probes/index.js';
import type { ChaosEvent, InvariantRecord, RunStatus, SettleRecord } from '../record/run-record.js';
import type { ScenarioDefinition, Thresholds, VariantName, WorkReport } from '../scenario/scenario-types.js';
import type { VariantServices } from './variant-services.js';

export interface VariantRunOptions {
  readonly scenario: ScenarioDefinition;
  readonly variant: VariantName;
  readonly endpoints: StackEndpoints;
  readonly fleet: ProxyFleet;
  readonly distRoot: string;
  readonly seed: number;
  readonly scale: number;
  /** Stretches every stage and chaos time so the load phase lasts this long. */
  readonly timeFactor: number;
  /** PgBouncer's default_pool_size: the connection budget the hardened instances share. */
  readonly poolBudget: number;
  readonly signal: AbortSignal;
  /** PostgreSQL's log file when the harness runs the server (native provider), for evidence. */
  readonly postgresLog?: string;
  readonly onProgress?: (variant: VariantName, progress: LoadProgress) => void;
  readonly onInfo?: (line: string) => void;
  /** Thresholds from the command line (`--threshold`), judged with the scenario's expect. */
  readonly extraThresholds?: Thresholds;
  /** What generates the load (default our engine; `stampede run --engine k6` hands in k6). */
  readonly loadEngine?: LoadEngine;
}

/** What the phases of one variant leave behind for its record. */
export interface VariantOutcome {
  status: RunStatus;
  reason?: { code: string; message: string };
  seeded: Record<string, number>;
  services?: VariantServices;
  load: LoadResult | null;
  probeTimeline: ProbeTimeline | null;
  chaos: ChaosEvent[];
  settle?: SettleRecord;
  work?: WorkReport;
  invariants: InvariantRecord[];
  logStart: number;
}
