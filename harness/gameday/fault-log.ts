import type { FaultRecord } from '../record/gameday-record.js';
import type { ChaosEvent } from '../record/run-record.js';
import { describeAction } from './fault-words.js';
import type { GameDayFault } from './plan-types.js';

export type EndReason = 'lever' | 'facilitator';

/**
 * The faults as they happened, read from the chaos log: each successful start of a fault opens
 * one, the next end closes it. Who ended it comes from the trigger (safety lever, end of game)
 * or from what the session noted before cancelling (a lever, the facilitator); else its `for` ran out.
 */
export function faultRecords(
  events: readonly ChaosEvent[],
  faults: readonly GameDayFault[],
  endReasons: ReadonlyMap<string, EndReason[]>,
): FaultRecord[] {
  const byName = new Map(faults.map((f) => [f.name, f]));
  const open = new Map<string, { fault: GameDayFault; startS: number; trigger: 'schedule' | 'live' }>();
  const reasons = new Map([...endReasons].map(([k, v]) => [k, [...v]]));
  const out: FaultRecord[] = [];
  const close = (name: string, endS: number | null, endedBy: FaultRecord['endedBy']) => {
    const o = open.get(name);
    if (!o) return;
    open.delete(name);
    out.push({
      name,
      category: o.fault.category,
      signal: o.fault.signal,
      detail: describeAction(o.fault.action),
      startS: o.startS,
      endS,
      trigger: o.trigger,
      endedBy,
    });
  };
  for (const e of [...events].sort((a, b) => a.atMs - b.atMs)) {
    const fault = byName.get(e.step);
    if (!fault || !e.ok) continue;
    const atS = Math.round(e.atMs / 100) / 10;
    if (e.phase === 'start') {
      open.set(e.step, { fault, startS: atS, trigger: e.trigger === 'schedule' ? 'schedule' : 'live' });
      // A one-shot fault (a crash) is over once done; its effect lasts until a lever fixes it.
      if (['kill-instance', 'sql'].includes(fault.action.type) && fault.for === undefined) close(e.step, null, null);
      continue;
    }
    const noted = e.trigger === 'live' ? reasons.get(e.step)?.shift() : undefined;
    const endedBy = e.trigger === 'safety' ? 'safety' : e.trigger === 'stop' ? 'stop' : (noted ?? 'duration');
    close(e.step, atS, endedBy);
  }
  for (const name of [...open.keys()]) close(name, null, null);
  return out.sort((a, b) => a.startS - b.startS);
}
