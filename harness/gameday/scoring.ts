import type { FaultScore, LiveFrame, PlayerAction, PlayerScore, Scores, SignalName } from '../record/gameday-record.js';
import { backInBand, preFaultBand } from './signal-band.js';

/** What scoring needs of a fault: when it was in force and what it hit. */
export interface ScoredFault {
  readonly name: string;
  readonly category: string;
  readonly signal: SignalName;
  readonly startS: number;
  /** null: still in force at the end. */
  readonly endS: number | null;
}

type Detection = Extract<PlayerAction, { type: 'detect' }>;
type LeverPull = Extract<PlayerAction, { type: 'lever' }>;

const activeAt = (f: ScoredFault, atS: number) => f.startS <= atS && (f.endS === null || atS <= f.endS);

function emptyPlayer(player: string): PlayerScore {
  return {
    player,
    detections: 0,
    faultsDetected: 0,
    falseAlarms: 0,
    wrongHypotheses: 0,
    leversPulled: 0,
    needlessLevers: 0,
    mitigations: 0,
  };
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/**
 * Scores a game. Detections, in time order: with no fault in force, a false alarm; with faults in
 * force but none of the named category, a wrong hypothesis; else it credits the earliest-started
 * fault of that category not yet detected (so two overlapping faults need two detections, and a
 * repeat of a correct one costs nothing). Time to detect runs from the fault's start to that
 * detection. Time to mitigate runs from the fault's start to the first second, at or after a lever
 * pulled while the fault was in force, from which its signal stays in its pre-fault band for a
 * few seconds; the lever pulled last before that second gets the credit. A lever pulled with no
 * fault in force is needless.
 */
export function scoreGame(faults: readonly ScoredFault[], frames: readonly LiveFrame[], actions: readonly PlayerAction[]): Scores {
  const players = new Map<string, PlayerScore>();
  const player = (name: string) => {
    const p = players.get(name) ?? emptyPlayer(name);
    players.set(name, p);
    return p;
  };
  const bump = (name: string, key: keyof Omit<PlayerScore, 'player'>) => {
    const p = player(name);
    players.set(name, { ...p, [key]: p[key] + 1 });
  };
  const ordered = [...actions].sort((a, b) => a.atS - b.atS);
  const detectedBy = new Map<string, Detection>();

  for (const d of ordered.filter((a): a is Detection => a.type === 'detect')) {
    bump(d.player, 'detections');
    const active = faults.filter((f) => activeAt(f, d.atS));
    if (active.length === 0) {
      bump(d.player, 'falseAlarms');
      continue;
    }
    const matching = active.filter((f) => f.category === d.category).sort((a, b) => a.startS - b.startS);
    if (matching.length === 0) {
      bump(d.player, 'wrongHypotheses');
      continue;
    }
    const credited = matching.find((f) => !detectedBy.has(f.name));
    if (!credited) continue;
    detectedBy.set(credited.name, d);
    bump(d.player, 'faultsDetected');
  }

  const pulls = ordered.filter((a): a is LeverPull => a.type === 'lever');
  for (const pull of pulls) {
    bump(pull.player, 'leversPulled');
    if (!faults.some((f) => activeAt(f, pull.atS))) bump(pull.player, 'needlessLevers');
  }

  const scores: FaultScore[] = [...faults]
    .sort((a, b) => a.startS - b.startS)
    .map((f) => {
      const detection = detectedBy.get(f.name);
      const band = preFaultBand(frames, f.signal, f.startS);
      const during = pulls.filter((p) => activeAt(f, p.atS));
      const first = during[0];
      const back = band && first ? backInBand(frames, f.signal, band, first.atS) : null;
      const credited = back === null ? undefined : during.filter((p) => p.atS <= back).at(-1);
      if (credited) bump(credited.player, 'mitigations');
      return {
        fault: f.name,
        category: f.category,
        startS: f.startS,
        endS: f.endS,
        timeToDetectS: detection ? round1(detection.atS - f.startS) : null,
        detectedBy: detection?.player ?? null,
        timeToMitigateS: back === null ? null : round1(back - f.startS),
        mitigatedBy: credited?.player ?? null,
        mitigatingLever: credited?.lever ?? null,
        band,
      };
    });

  const all = [...players.values()].sort((a, b) => a.player.localeCompare(b.player));
  const sum = (key: keyof Omit<PlayerScore, 'player'>) => all.reduce((n, p) => n + p[key], 0);
  const detectTimes = scores.flatMap((s) => (s.timeToDetectS === null ? [] : [s.timeToDetectS]));
  const mitigateTimes = scores.flatMap((s) => (s.timeToMitigateS === null ? [] : [s.timeToMitigateS]));
  return {
    faults: scores,
    players: all,
    team: {
      faults: scores.length,
      detected: detectTimes.length,
      mitigated: mitigateTimes.length,
      meanTimeToDetectS: nullableRound(mean(detectTimes)),
      meanTimeToMitigateS: nullableRound(mean(mitigateTimes)),
      falseAlarms: sum('falseAlarms'),
      wrongHypotheses: sum('wrongHypotheses'),
      needlessLevers: sum('needlessLevers'),
    },
  };
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const nullableRound = (v: number | null) => (v === null ? null : round1(v));
