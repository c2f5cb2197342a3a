import type { onRequestAsyncHookHandler } from 'fastify';
import type { ServiceMetrics } from './service-metrics.js';

/**
 * At most N requests of each class of work in flight per instance; the rest are refused at once
 * (429) instead of queueing in memory, in the pool and in PgBouncer, where they would only wait
 * long enough to time out and take the requests behind them down too. Classes are counted apart,
 * so one kind of traffic cannot starve another.
 */
export class LoadShedder<K extends string> {
  readonly #limits: Readonly<Record<K, number>>;
  readonly #inFlight = new Map<K, number>();

  constructor(limits: Readonly<Record<K, number>>) {
    this.#limits = limits;
  }

  limit(kind: K): number {
    return this.#limits[kind];
  }

  inFlight(kind: K): number {
    return this.#inFlight.get(kind) ?? 0;
  }

  /** A release function when there is room, null when the request must be shed. */
  tryEnter(kind: K): (() => void) | null {
    const now = this.inFlight(kind);
    if (now >= this.#limits[kind]) return null;
    this.#inFlight.set(kind, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight.set(kind, this.inFlight(kind) - 1);
    };
  }
}

/**
 * The Fastify hook that puts a shedder in front of a route: it runs before the body is even
 * parsed, so refusing costs almost nothing; an admitted request frees its slot when its socket
 * answer ends. A refusal is `429` with `retry-after: 1` and `{ error, code: overloadedCode }`.
 */
export function admitOrShed<K extends string>(shedder: LoadShedder<K>, metrics: ServiceMetrics, overloadedCode: string) {
  return (kind: K): onRequestAsyncHookHandler =>
    async (_request, reply) => {
      const release = shedder.tryEnter(kind);
      if (release) {
        reply.raw.once('close', release);
        return;
      }
      metrics.shed.inc();
      return reply
        .code(429)
        .header('retry-after', '1')
        .send({
          error: `over capacity: ${shedder.limit(kind)} ${kind} request(s) already in flight on this instance`,
          code: overloadedCode,
        });
    };
}
