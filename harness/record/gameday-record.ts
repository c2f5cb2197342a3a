import type { ChaosEvent, RunStatus } from './run-record.js';

/** Bump on any breaking change; renderers refuse a record they do not know. */
export const gameDaySchema = 'stampede.gameday/v1';

/** The signals a fault's mitigation is judged on, as the dashboard's frames carry them. */
export type SignalName = 'p99' | 'errors' | 'ok' | 'dropped' | 'clWaiting' | 'poolWaiting' | 'deadlocks' | 'eventLoopP99';

/** One second of the live dashboard: the load engine's second and the probes' newest values. */
export interface LiveFrame {
  /** Second of the game clock (0 = the load started). */
  readonly s: number;
  readonly sent: number;
  /** Good answers (completed minus answered errors). */
  readonly ok: number;
  /** Errors by kind (http_5xx, timeout, ...), only kinds above zero. */
  readonly errorsByKind: Readonly<Record<string, number>>;
  readonly errors: number;
  /** Intended-send-time latency of this second's answers, ms; null when none completed. */
  readonly p50: number | null;
  readonly p99: number | null;
  readonly inFlight: number;
  readonly dropped: number;
  /** PgBouncer clients waiting for a server connection (admin console, SHOW POOLS). */
  readonly clWaiting: number | null;
  /** pg_stat_database.deadlocks delta of the second. */
  readonly deadlocks: number | null;
  /** Sum over instances of callers waiting for a pool connection (their /metrics). */
  readonly poolWaiting: number | null;
  /** Redis INFO connected_clients. */
  readonly redisClients: number | null;
  /** Worst instance's event-loop lag p99, ms. */
  readonly eventLoopP99: number | null;
  /** Live instances behind the load balancer. */
  readonly instances: number;
  /** False while the facilitator has paused the load. */
  readonly loadRunning: boolean;
}

/** A fault as it happened, revealed in the debrief. */
export interface FaultRecord {
  readonly name: string;
  readonly category: string;
  readonly signal: SignalName;
  /** What it did, in words (e.g. "latency on payment-gateway (latency 900)"). */
  readonly detail: string;
  /** Game-clock seconds; null end: still active when the game ended (ended by stop). */
  readonly startS: number;
  readonly endS: number | null;
  /** Who started it: the hidden schedule, or the facilitator live. */
  readonly trigger: 'schedule' | 'live';
  /** Who ended it: its own `for`, a lever that removed it, the facilitator, the safety lever, the end. */
  readonly endedBy: 'duration' | 'lever' | 'facilitator' | 'safety' | 'stop' | null;
}

export type PlayerAction =
  | { readonly type: 'detect'; readonly atS: number; readonly player: string; readonly category: string; readonly text: string }
  | {
      readonly type: 'lever';
      readonly atS: number;
      readonly player: string;
      readonly lever: string;
      readonly ok: boolean;
      readonly detail: string;
    };

export interface FacilitatorAction {
  readonly atS: number;
  readonly type: 'inject' | 'cancel' | 'pause' | 'resume' | 'end' | 'note' | 'safety' | 'action-item';
  readonly text: string;
}

/** Per fault: how long the team took, or null when it never happened. */
export interface FaultScore {
  readonly fault: string;
  readonly category: string;
  readonly startS: number;
  readonly endS: number | null;
  /** Fault start to the first detection whose category matches; null: never detected. */
  readonly timeToDetectS: number | null;
  readonly detectedBy: string | null;
  /** Fault start to the second the signal is back in its pre-fault band after a lever; null: not mitigated. */
  readonly timeToMitigateS: number | null;
  readonly mitigatedBy: string | null;
  readonly mitigatingLever: string | null;
  /** The pre-fault band of the signal, [low, high]. */
  readonly band: readonly [number, number] | null;
}

export interface PlayerScore {
  readonly player: string;
  readonly detections: number;
  /** Faults this player was the first to name correctly. */
  readonly faultsDetected: number;
  /** A detection when no fault was active. */
  readonly falseAlarms: number;
  /** A detection during a fault, naming a category no active fault has. */
  readonly wrongHypotheses: number;
  readonly leversPulled: number;
  /** Levers pulled with no fault active. */
  readonly needlessLevers: number;
  readonly mitigations: number;
}

export interface TeamScore {
  readonly faults: number;
  readonly detected: number;
  readonly mitigated: number;
  readonly meanTimeToDetectS: number | null;
  readonly meanTimeToMitigateS: number | null;
  readonly falseAlarms: number;
  readonly wrongHypotheses: number;
  readonly needlessLevers: number;
}

export interface Scores {
  readonly faults: readonly FaultScore[];
  readonly players: readonly PlayerScore[];
  readonly team: TeamScore;
}

/** gameday.json: everything the debrief renders from, nothing else. */
export interface GameDayRecord {
  readonly schema: typeof gameDaySchema;
  readonly plan: {
    readonly name: string;
    readonly title: string;
    readonly scenario: string;
    readonly variant: string;
    readonly objectives: readonly string[];
    readonly levers: readonly { readonly name: string; readonly label: string; readonly detail: string }[];
    readonly categories: readonly string[];
  };
  readonly seed: number;
  readonly argv: readonly string[];
  readonly plannedDurationMs: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: RunStatus;
  readonly reason?: { readonly code: string; readonly message: string };
  /** Every second the dashboard showed. */
  readonly frames: readonly LiveFrame[];
  readonly faults: readonly FaultRecord[];
  /** The whole chaos log (scenario background steps included), game clock. */
  readonly chaos: readonly ChaosEvent[];
  readonly players: readonly string[];
  readonly actions: readonly PlayerAction[];
  readonly facilitator: readonly FacilitatorAction[];
  readonly scores: Scores;
  /** Browsers connected at the peak, for the record. */
  readonly peakViewers: number;
}
