import { describe, expect, it } from 'vitest';
import { type ScoredFault, scoreGame } from '../../harness/gameday/scoring.js';
import { backInBand, preFaultBand } from '../../harness/gameday/signal-band.js';
import type { LiveFrame, PlayerAction } from '../../harness/record/gameday-record.js';

/** Frames whose p99 is 20 ms except where `bad` says it is 900 ms. */
function frames(seconds: number, bad: (s: number) => boolean): LiveFrame[] {
  return Array.from({ length: seconds }, (_, s) => ({
    s,
    sent: 50,
    ok: 50,
    errorsByKind: {},
    errors: 0,
    p50: 5,
    p99: bad(s) ? 900 : 20,
    inFlight: 3,
    dropped: 0,
    clWaiting: 0,
    deadlocks: 0,
    poolWaiting: 0,
    redisClients: 4,
    eventLoopP99: 3,
    instances: 2,
    loadRunning: true,
  }));
}
const detect = (atS: number, player: string, category: string): PlayerAction => ({ type: 'detect', atS, player, category, text: '' });
const lever = (atS: number, player: string, name = 'restart'): PlayerAction => ({
  type: 'lever',
  atS,
  player,
  lever: name,
  ok: true,
  detail: '',
});
const slow: ScoredFault = { name: 'gateway-slow', category: 'slow-dependency', signal: 'p99', startS: 40, endS: null };

describe('scoreGame', () => {
  it('times detection and mitigation from the fault start', () => {
    const f = frames(100, (s) => s >= 40 && s < 61);
    const scores = scoreGame([slow], f, [detect(52, 'ana', 'slow-dependency'), lever(58, 'bo')]);
    expect(scores.faults[0]).toMatchObject({
      timeToDetectS: 12,
      detectedBy: 'ana',
      timeToMitigateS: 21,
      mitigatedBy: 'bo',
      mitigatingLever: 'restart',
    });
    expect(scores.team).toMatchObject({
      faults: 1,
      detected: 1,
      mitigated: 1,
      meanTimeToDetectS: 12,
      meanTimeToMitigateS: 21,
      falseAlarms: 0,
    });
    expect(scores.players.find((p) => p.player === 'bo')).toMatchObject({ leversPulled: 1, mitigations: 1, needlessLevers: 0 });
  });

  it('counts a detection before any fault as a false alarm, not a detection', () => {
    const scores = scoreGame(
      [slow],
      frames(100, (s) => s >= 40),
      [detect(10, 'ana', 'slow-dependency')],
    );
    expect(scores.faults[0]?.timeToDetectS).toBeNull();
    expect(scores.players[0]).toMatchObject({ player: 'ana', detections: 1, falseAlarms: 1, faultsDetected: 0 });
    expect(scores.team.falseAlarms).toBe(1);
  });

  it('counts a wrong category during a fault as a wrong hypothesis', () => {
    const scores = scoreGame(
      [slow],
      frames(100, (s) => s >= 40),
      [detect(45, 'ana', 'database-locks'), detect(50, 'ana', 'slow-dependency')],
    );
    expect(scores.players[0]).toMatchObject({ wrongHypotheses: 1, falseAlarms: 0, faultsDetected: 1 });
    expect(scores.faults[0]?.timeToDetectS).toBe(10);
  });

  it('two overlapping faults: each detection credits one fault of its category', () => {
    const locks: ScoredFault = { name: 'lock-storm', category: 'database-locks', signal: 'p99', startS: 50, endS: 80 };
    const twin: ScoredFault = { name: 'gateway-slow-2', category: 'slow-dependency', signal: 'p99', startS: 45, endS: 90 };
    const scores = scoreGame(
      [slow, locks, twin],
      frames(120, (s) => s >= 40 && s < 90),
      [
        detect(55, 'ana', 'slow-dependency'),
        detect(56, 'bo', 'slow-dependency'),
        detect(60, 'bo', 'database-locks'),
        detect(61, 'cy', 'database-locks'),
      ],
    );
    const by = Object.fromEntries(scores.faults.map((f) => [f.fault, f]));
    expect(by['gateway-slow']).toMatchObject({ timeToDetectS: 15, detectedBy: 'ana' });
    expect(by['gateway-slow-2']).toMatchObject({ timeToDetectS: 11, detectedBy: 'bo' });
    expect(by['lock-storm']).toMatchObject({ timeToDetectS: 10, detectedBy: 'bo' });
    // A repeat of a correct detection is neither credited nor punished.
    expect(scores.players.find((p) => p.player === 'cy')).toMatchObject({
      detections: 1,
      faultsDetected: 0,
      wrongHypotheses: 0,
      falseAlarms: 0,
    });
    expect(scores.team.detected).toBe(3);
  });

  it('a lever pulled with no fault active is needless and mitigates nothing', () => {
    const scores = scoreGame(
      [slow],
      frames(100, (s) => s >= 40),
      [lever(20, 'ana')],
    );
    expect(scores.players[0]).toMatchObject({ leversPulled: 1, needlessLevers: 1, mitigations: 0 });
    expect(scores.faults[0]?.timeToMitigateS).toBeNull();
    expect(scores.team.needlessLevers).toBe(1);
  });

  it('no lever, no mitigation, even when the fault ends by itself', () => {
    const ended = { ...slow, endS: 60 };
    const scores = scoreGame(
      [ended],
      frames(100, (s) => s >= 40 && s < 60),
      [],
    );
    expect(scores.faults[0]?.timeToMitigateS).toBeNull();
    expect(scores.team).toMatchObject({ mitigated: 0, meanTimeToMitigateS: null });
  });

  it('a fault at second 0 has no pre-fault band: it cannot be scored as mitigated', () => {
    const first = { ...slow, startS: 0 };
    const scores = scoreGame(
      [first],
      frames(50, (s) => s < 10),
      [lever(5, 'ana')],
    );
    expect(scores.faults[0]?.band).toBeNull();
    expect(scores.faults[0]?.timeToMitigateS).toBeNull();
  });
});

describe('signal band', () => {
  it('widens the pre-fault range and needs a few seconds in a row back inside it', () => {
    const f = frames(60, (s) => s >= 30 && s < 40 && s !== 35);
    const band = preFaultBand(f, 'p99', 30);
    expect(band).toEqual([0, 74]);
    // Second 35 alone dips back: not a recovery; from 40 on it holds.
    expect(backInBand(f, 'p99', band as [number, number], 31)).toBe(40);
  });
});
