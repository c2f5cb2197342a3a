import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../target-services/route-optimizer/hardened/adapters/map/semaphore.js';
import { backoffDelayMs, isRetryable, withRetry } from '../../target-services/route-optimizer/hardened/adapters/postgres/retry-policy.js';
import { mapBounded } from '../../target-services/route-optimizer/hardened/application/bounded-map.js';
import { LoadShedder } from '../../target-services/shared/load-shedder.js';

const pgError = (code: string) => Object.assign(new Error(code), { code, severity: 'ERROR' });

describe('mapBounded', () => {
  it('never has more than the limit in flight and keeps each outcome in place', async () => {
    let inFlight = 0;
    let peak = 0;
    const run = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, new AbortController().signal, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      if (n === 4) throw new Error('four');
      return n * 10;
    });
    expect(peak).toBe(3);
    expect(run.stopped).toBe(false);
    expect(run.results.map((r) => (r?.ok ? r.value : 'failed'))).toEqual([10, 20, 30, 'failed', 50, 60, 70]);
  });

  it('stops starting work once the signal aborts and keeps what finished', async () => {
    const controller = new AbortController();
    const run = await mapBounded([1, 2, 3, 4, 5], 1, controller.signal, async (n) => {
      if (n === 2) controller.abort(new Error('deadline'));
      return n;
    });
    expect(run.stopped).toBe(true);
    expect(run.results).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 2 },
    ]);
  });
});

describe('Semaphore', () => {
  it('hands permits over in order and lets an aborted waiter leave the queue', async () => {
    const slots = new Semaphore(1);
    const never = new AbortController().signal;
    const first = await slots.acquire(never);
    const leaving = new AbortController();
    const abandoned = slots.acquire(leaving.signal);
    const second = slots.acquire(never);
    expect(slots.waiting).toBe(2);
    leaving.abort(new Error('gone'));
    await expect(abandoned).rejects.toThrow('gone');
    first();
    const release = await second;
    expect(slots.held).toBe(1);
    release();
    release();
    expect(slots.held).toBe(0);
  });
});

describe('LoadShedder', () => {
  it('admits up to the limit per class and again after a release', () => {
    const shedder = new LoadShedder({ bulk: 1, single: 2 });
    const bulk = shedder.tryEnter('bulk');
    expect(bulk).not.toBeNull();
    expect(shedder.tryEnter('bulk')).toBeNull();
    expect(shedder.tryEnter('single')).not.toBeNull();
    bulk?.();
    bulk?.();
    expect(shedder.inFlight('bulk')).toBe(0);
    expect(shedder.tryEnter('bulk')).not.toBeNull();
  });
});

describe('retry on deadlock and serialization failure', () => {
  const policy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 50, random: () => 0 };

  it('retries only 40P01 and 40001', () => {
    expect(isRetryable(pgError('40P01'))).toBe(true);
    expect(isRetryable(pgError('40001'))).toBe(true);
    expect(isRetryable(new Error('wrapped', { cause: pgError('40P01') }))).toBe(true);
    expect(isRetryable(pgError('57014'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('EPIPE'), { code: 'EPIPE' }))).toBe(false);
  });

  it('draws the delay below an exponential cap (full jitter)', () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, policy, almostOne))).toEqual([9, 19, 39, 49, 49]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('runs again after a deadlock, gives up after the last attempt, and never retries other errors', async () => {
    let calls = 0;
    const seen: unknown[] = [];
    await expect(
      withRetry(
        policy,
        async () => {
          calls++;
          if (calls < 3) throw pgError('40P01');
          return 'done';
        },
        (err) => seen.push(err),
      ),
    ).resolves.toBe('done');
    expect(calls).toBe(3);
    expect(seen).toHaveLength(2);

    calls = 0;
    await expect(
      withRetry(
        policy,
        async () => Promise.reject(pgError('40001')).finally(() => calls++),
        () => {},
      ),
    ).rejects.toThrow('40001');
    expect(calls).toBe(4);

    calls = 0;
    await expect(
      withRetry(
        policy,
        async () => Promise.reject(pgError('23505')).finally(() => calls++),
        () => {},
      ),
    ).rejects.toThrow('23505');
    expect(calls).toBe(1);
  });
});
