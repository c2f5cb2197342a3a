import { parseDuration } from '../common/duration.js';
import { Random } from '../load/prng.js';
import type { ChaosStep } from '../scenario/scenario-types.js';
import type { GameDayFault, GameDayPlan } from './plan-types.js';

/** A fault placed on the game clock (ms), as the hidden timeline will fire it. */
export interface ScheduledFault {
  readonly fault: GameDayFault;
  readonly atMs: number;
  /** Its `for`, stretched; undefined: until removed. */
  readonly forMs: number | undefined;
}

const ms = (text: string) => parseDuration(text) ?? 0;

/**
 * Where each fault falls for this seed. Fixed steps keep their times; a draw picks `count`
 * faults from the pool without replacement and splits the window into `count` equal slots, one
 * fault per slot, each starting at a seeded point of its slot that leaves it room to end inside
 * the slot: one fault at a time, the same seed the same game. Times are multiplied by
 * `timeFactor` (`--duration` over the plan's length).
 */
export function drawSchedule(plan: GameDayPlan, seed: number, timeFactor = 1): ScheduledFault[] {
  const byName = new Map(plan.faults.map((f) => [f.name, f]));
  const stretch = (v: number) => Math.round(v * timeFactor);
  const place = (fault: GameDayFault, atMs: number): ScheduledFault => ({
    fault,
    atMs: stretch(atMs),
    forMs: fault.for === undefined ? undefined : stretch(ms(fault.for)),
  });
  const s = plan.schedule;
  if (s.kind === 'fixed') {
    return s.steps.map((step) => place(byName.get(step.fault) as GameDayFault, ms(step.at))).sort((a, b) => a.atMs - b.atMs);
  }
  const random = new Random(seed ^ 0x6a3e);
  const pool = [...(s.from ?? plan.faults.map((f) => f.name))];
  const picked: GameDayFault[] = [];
  for (let i = 0; i < s.count; i++) picked.push(byName.get(pool.splice(random.int(pool.length), 1)[0] as string) as GameDayFault);
  const [from, to] = [ms(s.between[0]), ms(s.between[1])];
  const slot = (to - from) / s.count;
  return picked.map((fault, i) => {
    const room = Math.max(0, slot - ms(fault.for ?? '0s'));
    return place(fault, Math.round(from + i * slot + random.float() * room));
  });
}

/** The hidden faults as chaos steps (named after the fault), on the same path as any scheduled step. */
export function faultSteps(schedule: readonly ScheduledFault[]): ChaosStep[] {
  return schedule.map((f) => ({
    name: f.fault.name,
    at: `${f.atMs}ms`,
    ...(f.forMs === undefined ? {} : { for: `${f.forMs}ms` }),
    action: f.fault.action,
  }));
}

/** A fault injected live by the facilitator: starts now, keeps its `for` (stretched). */
export function liveStep(fault: GameDayFault, timeFactor: number): ChaosStep {
  return {
    name: fault.name,
    at: '0ms',
    ...(fault.for === undefined ? {} : { for: `${Math.round(ms(fault.for) * timeFactor)}ms` }),
    action: fault.action,
  };
}
