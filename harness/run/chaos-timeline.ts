import { parseDuration } from '../cli/duration.js';
import type { ChaosAction, ChaosStep } from '../scenario/scenario-types.js';

/** One line of run.json's chaos log. */
export interface ChaosEvent {
  /** Milliseconds since the load phase started (the run clock). */
  readonly atMs: number;
  readonly step: string;
  readonly phase: 'start' | 'end';
  readonly action: ChaosAction;
  readonly ok: boolean;
  readonly error?: string;
}

/** What carries a chaos action out; the runner wires Toxiproxy, the instances and SQL in. */
export interface ChaosEffects {
  apply(action: ChaosAction, stepName: string): Promise<void>;
  /** Undoes an action at the end of its `for` (a toxic removed, a proxy re-enabled). */
  undo(action: ChaosAction, stepName: string): Promise<void>;
}

export interface ChaosRun {
  /** Cancels what has not started, undoes what is active, and returns the log. */
  stop(): Promise<ChaosEvent[]>;
}

/**
 * Fires each step at its time on the run clock (startedAt = the load phase's start), undoes it
 * after `for`. A failing action is logged, never fatal: the run goes on and the report says so.
 */
export function startChaos(steps: readonly ChaosStep[], effects: ChaosEffects, startedAt: number): ChaosRun {
  const events: ChaosEvent[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const active = new Map<string, ChaosStep>();
  const pending = new Set<Promise<void>>();
  const now = () => Date.now() - startedAt;

  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const perform = async (step: ChaosStep, phase: 'start' | 'end') => {
    const atMs = now();
    try {
      if (phase === 'start') await effects.apply(step.action, step.name);
      else await effects.undo(step.action, step.name);
      events.push({ atMs, step: step.name, phase, action: step.action, ok: true });
    } catch (err) {
      events.push({
        atMs,
        step: step.name,
        phase,
        action: step.action,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  };
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        fn();
      },
      Math.max(0, ms - now()),
    );
    timers.add(timer);
  };

  for (const step of steps) {
    const at = parseDuration(step.at) ?? 0;
    later(at, () => {
      active.set(step.name, step);
      track(perform(step, 'start'));
      if (step.for !== undefined) {
        later(at + (parseDuration(step.for) ?? 0), () => {
          active.delete(step.name);
          track(perform(step, 'end'));
        });
      }
    });
  }

  return {
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(pending);
      for (const step of active.values()) {
        if (step.action.type === 'toxic' || step.action.type === 'disable-proxy') await perform(step, 'end');
      }
      active.clear();
      return events.sort((a, b) => a.atMs - b.atMs);
    },
  };
}
