import { describe, expect, it } from 'vitest';
import { drawSchedule, faultSteps } from '../../harness/gameday/fault-schedule.js';
import { validateGameDay } from '../../harness/gameday/plan-schema.js';
import type { GameDayPlan } from '../../harness/gameday/plan-types.js';

const toxic = (proxy: string) => ({ type: 'toxic' as const, proxy, toxic: { type: 'latency' as const, attributes: { latency: 500 } } });
const plan: GameDayPlan = {
  name: 'test-plan',
  title: 'A test plan',
  scenario: 'flash-sale-checkout',
  variant: 'naive',
  duration: '10m',
  objectives: ['keep checkout up'],
  faults: [
    { name: 'a', category: 'slow-dependency', signal: 'p99', for: '60s', action: toxic('payment-gateway') },
    { name: 'b', category: 'cache-trouble', signal: 'p99', for: '30s', action: toxic('redis') },
    { name: 'c', category: 'network-loss', signal: 'errors', for: '45s', action: { type: 'disable-proxy', proxy: 'redis' } },
  ],
  schedule: { kind: 'draw', count: 2, between: ['2m', '6m'] },
  levers: [{ name: 'restart-1', label: 'Restart instance 1', action: { type: 'restart-instance', instance: 1 } }],
};

describe('drawSchedule', () => {
  it('replays for one seed, differs across seeds, and keeps faults one at a time inside the window', () => {
    const one = drawSchedule(plan, 7);
    expect(drawSchedule(plan, 7)).toEqual(one);
    const many = Array.from({ length: 30 }, (_, seed) => drawSchedule(plan, seed));
    expect(new Set(many.map((s) => JSON.stringify(s.map((f) => [f.fault.name, f.atMs])))).size).toBeGreaterThan(5);
    for (const schedule of many) {
      expect(schedule).toHaveLength(2);
      expect(new Set(schedule.map((f) => f.fault.name)).size).toBe(2);
      schedule.forEach((f, i) => {
        expect(f.atMs).toBeGreaterThanOrEqual(120_000);
        expect(f.atMs + (f.forMs ?? 0)).toBeLessThanOrEqual(360_000);
        const next = schedule[i + 1];
        if (next) expect(f.atMs + (f.forMs ?? 0)).toBeLessThanOrEqual(next.atMs);
      });
    }
  });

  it('stretches every time with --duration and turns faults into chaos steps', () => {
    const fixed: GameDayPlan = {
      ...plan,
      schedule: {
        kind: 'fixed',
        steps: [
          { fault: 'b', at: '5m' },
          { fault: 'a', at: '2m' },
        ],
      },
    };
    const schedule = drawSchedule(fixed, 1, 0.1);
    expect(schedule.map((f) => [f.fault.name, f.atMs, f.forMs])).toEqual([
      ['a', 12_000, 6000],
      ['b', 30_000, 3000],
    ]);
    expect(faultSteps(schedule)[0]).toEqual({ name: 'a', at: '12000ms', for: '6000ms', action: fixed.faults[0]?.action });
  });
});

describe('validateGameDay', () => {
  it('accepts the plan and names the path of a bad field', () => {
    expect(validateGameDay(plan, 'test')).toBe(plan);
    const bad = (p: unknown) => {
      try {
        validateGameDay(p, 'test');
      } catch (err) {
        return (err as { code: string; details: { path: string } }).code + ' ' + (err as { details: { path: string } }).details.path;
      }
      return 'accepted';
    };
    expect(bad({ ...plan, faults: [{ ...plan.faults[0], category: 'aliens' }] })).toBe('STAMPEDE_GAMEDAY_INVALID faults.0.category');
    expect(bad({ ...plan, schedule: { kind: 'draw', count: 4, between: ['2m', '6m'] } })).toBe('STAMPEDE_GAMEDAY_INVALID schedule.count');
    expect(bad({ ...plan, schedule: { kind: 'fixed', steps: [{ fault: 'zz', at: '1m' }] } })).toBe(
      'STAMPEDE_GAMEDAY_INVALID schedule.steps.0.fault',
    );
    expect(bad({ ...plan, faults: [{ ...plan.faults[0], for: undefined }, ...plan.faults.slice(1)] })).toBe(
      'STAMPEDE_GAMEDAY_INVALID faults.0.for',
    );
  });
});
