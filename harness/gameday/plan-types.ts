import type { StageSpec } from '../load/load-plan.js';
import type { SignalName } from '../record/gameday-record.js';
import type { ChaosAction, VariantName } from '../scenario/scenario-types.js';

/** What players may name in a detection; a plan may replace the list. */
export const defaultCategories = [
  'database-locks',
  'pool-exhaustion',
  'slow-dependency',
  'network-loss',
  'crashed-instance',
  'cache-trouble',
  'bad-config',
] as const;

/** One fault the facilitator may let loose: hidden from the players until the debrief. */
export interface GameDayFault {
  readonly name: string;
  /** The category a correct detection names (one of the plan's categories). */
  readonly category: string;
  /** The signal whose return to its pre-fault band counts as mitigated. */
  readonly signal: SignalName;
  readonly action: ChaosAction;
  /** How long it stays in force; without it, until a lever, the facilitator or the end removes it. */
  readonly for?: string;
  /** For the facilitator's eyes: what the players should see. */
  readonly note?: string;
}

/**
 * When the faults happen: fixed steps, or `count` faults drawn from the pool one at a time, each
 * starting between `between[0]` and `between[1]` into the game, from `--seed` (so a plan replays).
 */
export type FaultSchedule =
  | { readonly kind: 'fixed'; readonly steps: readonly { readonly fault: string; readonly at: string }[] }
  | { readonly kind: 'draw'; readonly count: number; readonly between: readonly [string, string]; readonly from?: readonly string[] };

/** A mitigation the players may pull, each wired to a real action on the running system. */
export type LeverAction =
  | { readonly type: 'restart-instance'; readonly instance: number }
  | { readonly type: 'kill-instance'; readonly instance: number }
  | { readonly type: 'scale'; readonly to: number }
  | { readonly type: 'switch-variant'; readonly to: VariantName }
  | { readonly type: 'remove-toxic'; readonly proxy: string }
  | { readonly type: 'set-env'; readonly key: string; readonly value: string };

export interface Lever {
  /** kebab-case, unique in the plan. */
  readonly name: string;
  /** What the button says. */
  readonly label: string;
  readonly action: LeverAction;
}

/** A game day: a scenario under load, hidden faults, levers, objectives. Declared with defineGameDay. */
export interface GameDayPlan {
  /** kebab-case; `stampede gameday <name>`. */
  readonly name: string;
  readonly title: string;
  /** A built-in scenario's name (`stampede list`) or a path to a scenario file, relative to the plan. */
  readonly scenario: string;
  readonly variant: VariantName;
  /** The game's length; `--duration` stretches every time of the plan to another length. */
  readonly duration: string;
  /** What the players are asked to do, in words (shown on their page). */
  readonly objectives: readonly string[];
  /** Detection categories; default `defaultCategories`. */
  readonly categories?: readonly string[];
  /** The load for the game; default the scenario's stages stretched to `duration`. */
  readonly load?: { readonly stages: readonly StageSpec[]; readonly startRate?: number };
  /** The scenario's own chaos steps kept as background (baseline latency, the midnight drop); the rest are left out. */
  readonly background?: readonly string[];
  /** Seed data size relative to the scenario's story (`--scale` of run). */
  readonly scale?: number;
  readonly faults: readonly GameDayFault[];
  readonly schedule: FaultSchedule;
  readonly levers: readonly Lever[];
}
