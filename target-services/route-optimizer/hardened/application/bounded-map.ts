export type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export interface BoundedRun<R> {
  /** One entry per item started, in item order; items never started are absent (undefined). */
  readonly results: (Settled<R> | undefined)[];
  /** True when the signal aborted before every item was started. */
  readonly stopped: boolean;
}

/**
 * Runs `work` over `items` with at most `limit` in flight, keeping each item's outcome. Stops
 * starting new items once `signal` aborts (work in flight sees the same signal): a bulk request's
 * fan-out is bounded in width and in time, and what finished in time is kept.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<R>,
): Promise<BoundedRun<R>> {
  const results: (Settled<R> | undefined)[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal.aborted) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await work(items[index] as T) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return { results, stopped: next < items.length };
}
