import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startChaos } from '../../harness/run/chaos-timeline.js';
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
      start,
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

  it('logs a failing action and goes on; stop() undoes what is still active and cancels the rest', async () => {
    const undone: string[] = [];
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
      start,
    );
    await vi.advanceTimersByTimeAsync(1500);
    const events = await run.stop();
    expect(events.find((e) => e.step === 'broken')).toMatchObject({ ok: false, error: 'relation does not exist' });
    expect(undone).toEqual(['forever']);
    expect(events.some((e) => e.step === 'never')).toBe(false);
  });
});
