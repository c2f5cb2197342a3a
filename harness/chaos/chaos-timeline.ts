import { parseDuration } from '../common/duration.js';
import type { ChaosEvent, ChaosTrigger } from '../record/run-record.js';
import type { ChaosAction, ChaosStep } from '../scenario/scenario-types.js';

/** What carries a chaos action out; the runner (or a game day) wires Toxiproxy, instances and SQL in. */
export interface ChaosEffects {
  apply(action: ChaosAction, stepName: string): Promise<void>;
  /** Undoes an action at the end of its `for`, on cancel and on stop (a no-op where nothing can be undone). */
  undo(action: ChaosAction, stepName: string): Promise<void>;
}

export interface ChaosOptions {
  /** Epoch ms of second 0 of the run clock (the load phase's start). */
  readonly startedAt: number;
  /** Called at once when an action fails to apply or to undo: the caller decides to fail the run. */
  readonly onFailure?: (event: ChaosEvent) => void;
}

export interface ChaosRun {
  /** Starts a step now, whatever its `at` (a facilitator's "inject now"); its `for` counts from now. */
  inject(step: ChaosStep, trigger?: ChaosTrigger): void;
  /** A pending step is dropped; an active one is undone now. False when no step has that name. */
  cancel(name: string, trigger?: ChaosTrigger): Promise<boolean>;
  /** The safety lever: drops every pending step and undoes every active one. */
  clear(trigger?: ChaosTrigger): Promise<void>;
  /** Steps whose action is in force now, by name. */
  active(): string[];
  /** Steps still waiting for their time, by name. */
  pending(): string[];
  /** Every event so far, in time order. */
  events(): ChaosEvent[];
  /** Cancels what has not started, undoes what is active, waits for actions in progress, and returns the log. */
  stop(): Promise<ChaosEvent[]>;
}

const instant = new Set<ChaosAction['type']>(['kill-instance', 'restart-instance', 'sql']);

/**
 * Fires each step at its time on the run clock and undoes it after `for`. Scheduled steps,
 * injected ones, cancellations and the safety lever go through the same perform(), so a game day's
 * live faults are carried out and logged exactly as a run's. A failing action is logged with the
 * API's answer and reported through onFailure: a fault that did not happen must not pass as one.
 */
export function startChaos(steps: readonly ChaosStep[], effects: ChaosEffects, options: ChaosOptions): ChaosRun {
  const log: ChaosEvent[] = [];
  const timers = new Map<string, NodeJS.Timeout[]>();
  const active = new Map<string, ChaosStep>();
  const pendingSteps = new Map<string, ChaosStep>();
  const starting = new Map<string, Promise<void>>();
  const inProgress = new Set<Promise<void>>();
  const now = () => Date.now() - options.startedAt;

  const track = (work: Promise<void>) => {
    inProgress.add(work);
    void work.finally(() => inProgress.delete(work));
    return work;
  };
  const perform = (step: ChaosStep, phase: 'start' | 'end', trigger: ChaosTrigger) =>
    track(
      (async () => {
        const atMs = now();
        try {
          if (phase === 'start') await effects.apply(step.action, step.name);
          else await effects.undo(step.action, step.name);
          log.push({ atMs, step: step.name, phase, action: step.action, ok: true, trigger });
        } catch (err) {
          const event: ChaosEvent = {
            atMs,
            step: step.name,
            phase,
            action: step.action,
            ok: false,
            trigger,
            error: err instanceof Error ? err.message : String(err),
          };
          log.push(event);
          options.onFailure?.(event);
        }
      })(),
    );
  const later = (name: string, atMs: number, fn: () => void) => {
    const timer = setTimeout(() => fn(), Math.max(0, atMs - now()));
    timers.set(name, [...(timers.get(name) ?? []), timer]);
  };
  const clearTimers = (name: string) => {
    for (const timer of timers.get(name) ?? []) clearTimeout(timer);
    timers.delete(name);
  };
  const begin = (step: ChaosStep, trigger: ChaosTrigger) => {
    pendingSteps.delete(step.name);
    clearTimers(step.name);
    const started = perform(step, 'start', trigger);
    // An instant action without `for` (a kill, a migration) is over once done: nothing stays in force.
    if (step.for === undefined && instant.has(step.action.type)) return;
    active.set(step.name, step);
    starting.set(step.name, started);
    if (step.for !== undefined) {
      later(step.name, now() + (parseDuration(step.for) ?? 0), () => void end(step.name, trigger));
    }
  };
  const end = async (name: string, trigger: ChaosTrigger) => {
    const step = active.get(name);
    if (!step) return;
    active.delete(name);
    clearTimers(name);
    // Never undo an action that is still being applied: wait for it first.
    await starting.get(name);
    starting.delete(name);
    await perform(step, 'end', trigger);
  };

  for (const step of steps) {
    pendingSteps.set(step.name, step);
    later(step.name, parseDuration(step.at) ?? 0, () => begin(step, 'schedule'));
  }

  const clear = async (trigger: ChaosTrigger = 'safety') => {
    for (const name of pendingSteps.keys()) clearTimers(name);
    pendingSteps.clear();
    await Promise.all(inProgress);
    await Promise.all([...active.keys()].map((name) => end(name, trigger)));
  };

  return {
    inject: (step, trigger = 'live') => begin(step, trigger),
    async cancel(name, trigger = 'live') {
      if (pendingSteps.delete(name)) {
        clearTimers(name);
        return true;
      }
      if (!active.has(name)) return false;
      await end(name, trigger);
      return true;
    },
    clear,
    active: () => [...active.keys()],
    pending: () => [...pendingSteps.keys()],
    events: () => [...log].sort((a, b) => a.atMs - b.atMs),
    async stop() {
      await clear('stop');
      return [...log].sort((a, b) => a.atMs - b.atMs);
    },
  };
}
