import type { ChaosRun } from '../chaos/chaos-timeline.js';
import { StampedeError } from '../errors/stampede-error.js';
import type { FacilitatorAction, PlayerAction } from '../record/gameday-record.js';
import type { EndReason } from './fault-log.js';
import { liveStep } from './fault-schedule.js';
import type { InstanceFleet } from './instance-fleet.js';
import { pullLever } from './lever-actions.js';
import type { LoadSegments } from './load-segments.js';
import { defaultCategories, type GameDayPlan } from './plan-types.js';

export interface GameControlParts {
  readonly plan: GameDayPlan;
  readonly timeFactor: number;
  /** Epoch ms of second 0 of the game clock. */
  readonly startedAt: number;
  readonly chaos: ChaosRun;
  readonly fleet: InstanceFleet;
  readonly load: LoadSegments;
}

const bad = (message: string, hint: string) => new StampedeError('STAMPEDE_USAGE', message, { hint });
type LeverPull = Extract<PlayerAction, { type: 'lever' }>;
const clean = (text: unknown, max: number) => (typeof text === 'string' ? text.trim().slice(0, max) : '');

/**
 * What players and the facilitator can do while the game runs, and the log of it all on the game
 * clock. Levers and facilitator commands run one at a time (two restarts at once would fight over
 * the same slot); a failed lever is logged as such, never retried behind the players' back.
 */
export class GameControl {
  readonly players = new Set<string>();
  readonly actions: PlayerAction[] = [];
  readonly facilitator: FacilitatorAction[] = [];
  readonly endReasons = new Map<string, EndReason[]>();
  readonly categories: readonly string[];
  #queue: Promise<unknown> = Promise.resolve();
  #end: (() => void) | undefined;
  readonly finished: Promise<void>;
  #ended = false;

  constructor(private readonly parts: GameControlParts) {
    this.categories = parts.plan.categories ?? defaultCategories;
    this.finished = new Promise((resolve) => {
      this.#end = resolve;
    });
  }

  /** Seconds on the game clock, to a tenth. */
  now(): number {
    return Math.round((Date.now() - this.parts.startedAt) / 100) / 10;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get loadRunning(): boolean {
    return this.parts.load.running;
  }

  join(name: unknown): string {
    const player = clean(name, 40);
    if (!player) throw bad('a player needs a name', 'type your name first');
    this.players.add(player);
    return player;
  }

  detect(name: unknown, category: unknown, text: unknown): PlayerAction {
    const player = this.join(name);
    if (typeof category !== 'string' || !this.categories.includes(category)) {
      throw bad(`unknown category ${JSON.stringify(category)}`, `pick one of ${this.categories.join(', ')}`);
    }
    const action: PlayerAction = { type: 'detect', atS: this.now(), player, category, text: clean(text, 500) };
    this.actions.push(action);
    return action;
  }

  lever(name: unknown, leverName: unknown): Promise<LeverPull> {
    const player = this.join(name);
    const lever = this.parts.plan.levers.find((l) => l.name === leverName);
    if (!lever) throw bad(`no lever named ${JSON.stringify(leverName)}`, 'pull one of the levers on the page');
    const atS = this.now();
    return this.serial(async () => {
      let ok = true;
      let detail: string;
      try {
        detail = await pullLever(lever.action, {
          fleet: this.parts.fleet,
          chaos: this.parts.chaos,
          faults: this.parts.plan.faults,
          endedByLever: (fault) => this.noteEnd(fault, 'lever'),
        });
      } catch (err) {
        ok = false;
        detail = `failed: ${err instanceof Error ? err.message : String(err)}`;
      }
      const action: LeverPull = { type: 'lever', atS, player, lever: lever.name, ok, detail };
      this.actions.push(action);
      return action;
    });
  }

  /** The facilitator's "inject now": the fault starts at once, whatever the schedule said. */
  inject(faultName: unknown): Promise<void> {
    const fault = this.parts.plan.faults.find((f) => f.name === faultName);
    if (!fault) throw bad(`no fault named ${JSON.stringify(faultName)}`, "inject one of the plan's faults");
    if (this.parts.chaos.active().includes(fault.name)) throw bad(`${fault.name} is already in force`, 'cancel it first');
    return this.serial(async () => {
      this.parts.chaos.inject(liveStep(fault, this.parts.timeFactor), 'live');
      this.log('inject', fault.name);
    });
  }

  cancel(name: unknown): Promise<boolean> {
    if (typeof name !== 'string') throw bad('which step?', 'cancel a pending or active fault by name');
    return this.serial(async () => {
      if (this.parts.chaos.active().includes(name)) this.noteEnd(name, 'facilitator');
      const done = await this.parts.chaos.cancel(name, 'live');
      if (done) this.log('cancel', name);
      return done;
    });
  }

  pause(): Promise<void> {
    return this.serial(async () => {
      await this.parts.load.pause();
      this.log('pause', 'load paused');
    });
  }

  resume(): Promise<void> {
    return this.serial(async () => {
      this.parts.load.start(Date.now() - this.parts.startedAt);
      this.log('resume', 'load resumed');
    });
  }

  note(text: unknown, kind: 'note' | 'action-item' = 'note'): FacilitatorAction {
    const body = clean(text, 2000);
    if (!body) throw bad('an empty note', 'type the note first');
    return this.log(kind, body);
  }

  /** The safety lever: every fault out at once and the load stopped (AWS FIS's stop condition). */
  safety(why = 'safety lever'): Promise<void> {
    return this.serial(async () => {
      await this.parts.chaos.clear('safety');
      await this.parts.load.pause();
      this.log('safety', why);
    });
  }

  end(why = 'ended by the facilitator'): void {
    if (this.#ended) return;
    this.#ended = true;
    this.log('end', why);
    this.#end?.();
  }

  private log(type: FacilitatorAction['type'], text: string): FacilitatorAction {
    const action: FacilitatorAction = { atS: this.now(), type, text };
    this.facilitator.push(action);
    return action;
  }

  private noteEnd(fault: string, reason: EndReason): void {
    this.endReasons.set(fault, [...(this.endReasons.get(fault) ?? []), reason]);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => {});
    return next;
  }
}
