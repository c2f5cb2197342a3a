import type { FastifyBaseLogger } from 'fastify';
import type { ReconcilePendingOrders } from '../../application/reconcile-pending-orders.js';

export interface ReconcileLoop {
  /** Stops scheduling passes and waits for the one running, if any. */
  stop(): Promise<void>;
}

/**
 * Runs the reconciler every `intervalMs`, one pass at a time (a slow pass delays the next one,
 * never overlaps it), until stopped or shut down. A pass that fails is logged and the loop goes on:
 * the keys it did not settle are still there for the next pass.
 */
export function startReconcileLoop(
  reconciler: ReconcilePendingOrders,
  intervalMs: number,
  shutdown: AbortSignal,
  log: FastifyBaseLogger,
): ReconcileLoop {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped || shutdown.aborted) return;
    timer = setTimeout(pass, intervalMs);
    timer.unref();
  };
  const pass = () => {
    running = reconciler
      .runOnce()
      .then((tally) => {
        if (tally.confirmedFromLookup + tally.charged + tally.settledOtherwise > 0) log.info({ tally }, 'reconciled pending orders');
      })
      .catch((err: unknown) => log.warn(`reconcile pass failed: ${(err as Error).message}`))
      .finally(schedule);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
