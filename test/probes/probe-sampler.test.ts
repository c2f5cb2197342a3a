import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StampedeError } from '../../harness/errors/stampede-error.js';
import type { Probe, ProbeValues } from '../../harness/probes/probe.js';
import { startProbes } from '../../harness/probes/probe-sampler.js';

const T0 = 1_700_000_000_000;

/** An in-memory probe: the sampler's contract is all that is under test here. */
function probe(name: string, sample: (signal: AbortSignal, call: number) => Promise<ProbeValues> | ProbeValues): Probe {
  let call = 0;
  return {
    name,
    sample: async (signal) => sample(signal, call++),
    close: async () => {},
  };
}

/** Answers only when aborted: a server that froze (SIGSTOP) behind a probe. */
function hanging(name: string): Probe & { aborted: number } {
  const p = {
    name,
    aborted: 0,
    sample: (signal: AbortSignal) =>
      new Promise<ProbeValues>((_, reject) => {
        signal.addEventListener('abort', () => {
          p.aborted += 1;
          reject(signal.reason);
        });
      }),
    close: async () => {},
  };
  return p;
}

const clockProbe = () => probe('clock', () => ({ at: Date.now() }));

describe('probe sampler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('samples on the run clock: tick n at startedAt + n s is recorded as second n-1, tick 0 is the baseline', async () => {
    const sampler = startProbes([clockProbe()], { startedAt: T0 });
    await vi.advanceTimersByTimeAsync(3500);
    expect(sampler.latest()).toMatchObject({ second: 2, values: { 'clock.at': T0 + 3000 }, failed: [] });
    const timeline = await sampler.stop();
    // stop() adds the partial second 3, sampled when stop was called.
    expect(timeline.seconds).toEqual([0, 1, 2, 3]);
    expect(timeline.series['clock.at']).toEqual([T0 + 1000, T0 + 2000, T0 + 3000, T0 + 3500]);
    expect(timeline.samples).toBe(5);
    expect(timeline.errors).toEqual({ clock: 0 });
    expect(timeline).toMatchObject({ startedAt: T0, intervalMs: 1000, missedTicks: 0 });
  });

  it('records null and an error for a probe that does not answer in time, aborts it, and keeps every tick on time', async () => {
    const frozen = hanging('frozen');
    const sampler = startProbes([clockProbe(), frozen], { startedAt: T0, timeoutMs: 800 });
    await vi.advanceTimersByTimeAsync(4200);
    const stopped = sampler.stop();
    await vi.advanceTimersByTimeAsync(2000);
    const timeline = await stopped;
    // Ticks 0-4 each gave up on the frozen probe at +800 ms; stop() at 4.2 s waited for tick 4
    // to give up, then sampled the partial second 4 once more.
    expect(timeline.series['clock.at']).toEqual([T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000, T0 + 4800]);
    expect(frozen.aborted).toBe(6);
    expect(timeline.errors).toEqual({ clock: 0, frozen: 6 });
    expect(timeline.lastErrors.frozen).toMatch(/no answer within 800 ms/);
    expect(Object.keys(timeline.series)).toEqual(['clock.at']);
  });

  it('records null for a probe that throws or rejects, and its series resume when it recovers', async () => {
    const flaky = probe('flaky', (_signal, call) => {
      if (call === 2) throw new Error('connection refused');
      return { value: call };
    });
    const sampler = startProbes([flaky], { startedAt: T0 });
    await vi.advanceTimersByTimeAsync(4000);
    const timeline = await sampler.stop();
    expect(timeline.series['flaky.value']).toEqual([1, null, 3, 4]);
    expect(timeline.errors).toEqual({ flaky: 1 });
    expect(timeline.lastErrors).toEqual({ flaky: 'connection refused' });
  });

  it('keeps series aligned when they appear or disappear mid-run, and turns NaN and Inf into null', async () => {
    const changing = probe('svc', (_signal, call): ProbeValues => {
      if (call === 1) return { a: 1 };
      if (call === 2) return { a: 2, b: Number.NaN };
      return { b: Number.POSITIVE_INFINITY, c: 3 };
    });
    const sampler = startProbes([changing], { startedAt: T0 });
    await vi.advanceTimersByTimeAsync(3000);
    const timeline = await sampler.stop();
    expect(timeline.seconds).toEqual([0, 1, 2]);
    expect(timeline.series).toEqual({ 'svc.a': [1, 2, null], 'svc.b': [null, null, null], 'svc.c': [null, null, 3] });
    expect(JSON.parse(JSON.stringify(timeline))).toEqual(timeline);
  });

  it('joins a run already under way at the next boundary of its clock', async () => {
    const sampler = startProbes([clockProbe()], { startedAt: T0 - 2500 });
    await vi.advanceTimersByTimeAsync(1600);
    const timeline = await sampler.stop();
    expect(timeline.seconds).toEqual([2, 3, 4]);
    expect(timeline.series['clock.at']).toEqual([T0 + 500, T0 + 1500, T0 + 1600]);
  });

  it('skips the ticks an event-loop stall swallowed instead of sampling them late', async () => {
    let skew = 0;
    const now = () => Date.now() + skew;
    const sampler = startProbes([probe('clock', () => ({ at: now() }))], { startedAt: T0, now });
    await vi.advanceTimersByTimeAsync(2500);
    skew = 2000; // the timer for tick 3 fires 2 s late
    await vi.advanceTimersByTimeAsync(600);
    const timeline = await sampler.stop();
    expect(timeline.seconds).toEqual([0, 1, 4, 5]);
    expect(timeline.series['clock.at']).toEqual([T0 + 1000, T0 + 2000, T0 + 5000, T0 + 5100]);
    expect(timeline.missedTicks).toBe(2);
  });

  it('stops without a final sample before the run starts, and stop() is idempotent', async () => {
    const sampler = startProbes([clockProbe()], { startedAt: T0 + 5000 });
    await vi.advanceTimersByTimeAsync(1000);
    const first = sampler.stop();
    expect(sampler.stop()).toBe(first);
    const timeline = await first;
    expect(timeline.seconds).toEqual([]);
    expect(timeline.samples).toBe(0);
    expect(sampler.latest()).toBeNull();
  });

  it('refuses a timeout not below the interval and probes with clashing or dotted names', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as StampedeError).code;
      }
      return 'no error';
    };
    expect(code(() => startProbes([], { startedAt: T0, timeoutMs: 1000 }))).toBe('STAMPEDE_PROBE_BAD_CONFIG');
    expect(code(() => startProbes([clockProbe(), clockProbe()], { startedAt: T0 }))).toBe('STAMPEDE_PROBE_BAD_CONFIG');
    expect(code(() => startProbes([probe('a.b', () => ({}))], { startedAt: T0 }))).toBe('STAMPEDE_PROBE_BAD_CONFIG');
  });
});
