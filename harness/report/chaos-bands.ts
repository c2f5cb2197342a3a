import type { ChaosEvent } from '../record/run-record.js';

/** A chaos step as drawn on a chart: a band from start to end, or a marker for a one-shot action. */
export interface ChaosBand {
  readonly step: string;
  readonly startS: number;
  /** null for a one-shot action (kill an instance, run SQL): drawn as a marker line. */
  readonly endS: number | null;
  readonly ok: boolean;
  /** What the step did, in words, for the label's tooltip and the chaos table. */
  readonly detail: string;
  /** Row of the label strip: overlapping bands get different lanes so their labels never collide. */
  readonly lane: number;
}

/** A chaos action in words: "latency on map-api (latency 250, jitter 200)". */
export function describeAction(action: ChaosEvent['action']): string {
  switch (action.type) {
    case 'toxic': {
      const attrs = Object.entries(action.toxic.attributes ?? {})
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', ');
      return `${action.toxic.type} on ${action.proxy}${attrs ? ` (${attrs})` : ''}`;
    }
    case 'disable-proxy':
      return `proxy ${action.proxy} disabled`;
    case 'kill-instance':
      return `instance ${action.instance} killed`;
    case 'restart-instance':
      return `instance ${action.instance} killed and restarted`;
    case 'sql':
      return `SQL: ${action.sql.length > 80 ? `${action.sql.slice(0, 77)}...` : action.sql}`;
    default:
      return (action as { type: string }).type;
  }
}

/**
 * Greedy interval colouring: each interval takes the lowest lane whose previous occupant ended at
 * or before its start. Intervals are [start, end] in any unit; returns one lane per interval.
 */
export function layoutLanes(intervals: readonly { readonly start: number; readonly end: number }[]): number[] {
  const order = intervals.map((_, i) => i).sort((a, b) => (intervals[a]?.start ?? 0) - (intervals[b]?.start ?? 0) || a - b);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(intervals.length).fill(0);
  for (const i of order) {
    const { start, end } = intervals[i] as { start: number; end: number };
    let lane = laneEnds.findIndex((e) => e <= start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = end;
    lanes[i] = lane;
  }
  return lanes;
}

const undoable = (action: ChaosEvent['action']) => action.type === 'toxic' || action.type === 'disable-proxy';

/**
 * Pairs each step's start and end events into bands (seconds on the run clock). A start with no
 * end is a one-shot action, or, for an undoable one, a fault still active when the run ended.
 * `labelSeconds(step)` is how much of the time axis a band's label needs, so lanes account for it.
 */
export function chaosBands(events: readonly ChaosEvent[], endS: number, labelSeconds: (step: string) => number = () => 0): ChaosBand[] {
  const open = new Map<string, ChaosEvent[]>();
  const raw: Omit<ChaosBand, 'lane'>[] = [];
  for (const e of [...events].sort((a, b) => a.atMs - b.atMs)) {
    if (e.phase === 'start') {
      open.set(e.step, [...(open.get(e.step) ?? []), e]);
      continue;
    }
    const starts = open.get(e.step) ?? [];
    const start = starts.shift();
    raw.push({
      step: e.step,
      startS: start ? start.atMs / 1000 : 0,
      endS: Math.max(e.atMs / 1000, start ? start.atMs / 1000 : 0),
      ok: (start?.ok ?? true) && e.ok,
      detail: describeAction(e.action) + (start && !start.ok ? ` (failed: ${start.error ?? 'unknown'})` : ''),
    });
  }
  for (const starts of open.values()) {
    for (const s of starts) {
      raw.push({
        step: s.step,
        startS: s.atMs / 1000,
        endS: undoable(s.action) ? Math.max(endS, s.atMs / 1000) : null,
        ok: s.ok,
        detail: describeAction(s.action) + (s.ok ? '' : ` (failed: ${s.error ?? 'unknown'})`),
      });
    }
  }
  raw.sort((a, b) => a.startS - b.startS);
  const lanes = layoutLanes(raw.map((b) => ({ start: b.startS, end: Math.max(b.endS ?? b.startS, b.startS + labelSeconds(b.step)) })));
  return raw.map((b, i) => ({ ...b, lane: lanes[i] ?? 0 }));
}
