import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startChaos } from '../../harness/chaos/chaos-timeline.js';
import type { ChaosAction } from '../../harness/scenario/scenario-types.js';

const latency: ChaosAction = { type: 'toxic', proxy: 'map-api', toxic: { type: 'latency', attributes: { latency: 300 } } };

describe('chaos timeline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('applies each step at its time, undoes it after `for`, and logs both on the run clock', async () => {
    const calls: string[] = [];
    const start = Date.now();
    const run = startChaos(
      [{ at: '2s', for: '3s', name: 'slow-map', action: latency }],
      {
        apply: async (_, name) => void calls.push(`apply ${name} @${Date.now() - start}`),
        undo: async (_, name) => void calls.push(`undo ${name} @${Date.now() - start}`),
      },
      { startedAt: start },
    );
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['apply slow-map @2000']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toEqual(['apply slow-map @2000', 'undo slow-map @5000']);
    const events = await run.stop();
    expect(events.map((e) => [e.step, e.phase, e.atMs, e.ok])).toEqual([
      ['slow-map', 'start', 2000, true],
      ['slow-map', 'end', 5000, true],
    ]);
  });

  it('logs a failing action with its answer and reports it at once; stop() undoes what is still active and cancels the rest', async () => {
    const undone: string[] = [];
    const failures: string[] = [];
    const start = Date.now();
    const run = startChaos(
      [
        { at: '1s', name: 'broken', action: { type: 'sql', sql: 'SELECT 1' } },
        { at: '1s', name: 'forever', action: latency },
        { at: '10s', name: 'never', action: latency },
      ],
      {
        apply: async (action) => {
          if (action.type === 'sql') throw new Error('relation does not exist');
        },
        undo: async (_, name) => void undone.push(name),
      },
      { startedAt: start, onFailure: (event) => failures.push(`${event.step}: ${event.error}`) },
    );
    await vi.advanceTimersByTimeAsync(1500);
    expect(failures).toEqual(['broken: relation does not exist']);
    const events = await run.stop();
    expect(events.find((e) => e.step === 'broken')).toMatchObject({ ok: false, error: 'relation does not exist', trigger: 'schedule' });
    expect(undone).toEqual(['forever']);
    expect(events.some((e) => e.step === 'never')).toBe(false);
  });

  it('injects a step now, cancels a pending one and ends an active one, and the safety lever clears everything', async () => {
    const calls: string[] = [];
    const start = Date.now();
    const run = startChaos(
      [
        { at: '5s', name: 'later', action: latency },
        { at: '6s', name: 'much-later', action: latency },
        { at: '0s', name: 'baseline', action: latency },
      ],
      {
        apply: async (_, name) => void calls.push(`apply ${name} @${Date.now() - start}`),
        undo: async (_, name) => void calls.push(`undo ${name} @${Date.now() - start}`),
      },
      { startedAt: start },
    );
    await vi.advanceTimersByTimeAsync(1000);
    run.inject({ at: '0s', for: '2s', name: 'surprise', action: latency });
    await vi.advanceTimersByTimeAsync(0);
    expect(run.active().sort()).toEqual(['baseline', 'surprise']);
    expect(await run.cancel('later')).toBe(true);
    expect(await run.cancel('nothing-by-that-name')).toBe(false);
    expect(run.pending()).toEqual(['much-later']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toContain('undo surprise @3000');
    await run.clear();
    expect(run.active()).toEqual([]);
    expect(run.pending()).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual(['apply baseline @0', 'apply surprise @1000', 'undo surprise @3000', 'undo baseline @3000']);
    const events = await run.stop();
    expect(events.map((e) => `${e.step} ${e.phase} ${e.trigger}`)).toEqual([
      'baseline start schedule',
      'surprise start live',
      'surprise end live',
      'baseline end safety',
    ]);
  });

  it('an instant step without `for` (a kill, a migration) is not left active', async () => {
    const run = startChaos(
      [{ at: '0s', name: 'migrate', action: { type: 'sql', sql: 'SELECT 1' } }],
      { apply: async () => {}, undo: async () => {} },
      { startedAt: Date.now() },
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(run.active()).toEqual([]);
    expect((await run.stop()).map((e) => e.phase)).toEqual(['start']);
  });
});
