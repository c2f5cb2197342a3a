import { chargeKeyOf, isSettled } from '../domain/order.js';
import type { ChargeOrder } from './charge-order.js';
import type { ChargeLookupPort } from './ports/charge-lookup.js';
import type { CheckoutStore, UnsettledClaim } from './ports/checkout-store.js';
import { outcomeOfSettled, recordCharge } from './record-charge.js';

export interface ReconcileDeps {
  readonly store: CheckoutStore;
  readonly lookup: ChargeLookupPort;
  readonly charge: ChargeOrder;
  /** How long the reconciler owns a key it took over (as long as a checkout request would). */
  readonly leaseMs: number;
  /** A key released less than this long ago is left to the customer's own retry. */
  readonly graceMs: number;
  /** Keys looked at per pass. */
  readonly batch: number;
  /** The longest one lookup may take. */
  readonly lookupTimeoutMs: number;
  readonly shutdown: AbortSignal;
}

/** What one pass did, by what became of each key it looked at. */
export interface ReconcileTally {
  /** The gateway had charged: the order is confirmed without charging again. */
  confirmedFromLookup: number;
  /** The gateway had never seen the key: charged now, with the order's own gateway key. */
  charged: number;
  /** Settled as the charge came out (declined: failed; or already settled by another worker). */
  settledOtherwise: number;
  /** Still unknown (no answer from the gateway): released, tried again on a later pass. */
  stillUnknown: number;
  /** Taken by someone else (a customer's retry, another instance) before us. */
  skipped: number;
}

const emptyTally = (): ReconcileTally => ({ confirmedFromLookup: 0, charged: 0, settledOtherwise: 0, stillUnknown: 0, skipped: 0 });

/**
 * Settles the orders whose charge outcome stayed unknown (every attempt timed out, the database
 * refused the confirmation, the worker died) and that nobody retries: take the key over as a
 * resuming request would, ask the gateway what became of the order's gateway key, and confirm
 * from its answer; charge (with that same key, so never twice) only if it never saw the key.
 * Without this, an order whose customer gave up stays pending forever with its stock.
 */
export class ReconcilePendingOrders {
  readonly #deps: ReconcileDeps;

  constructor(deps: ReconcileDeps) {
    this.#deps = deps;
  }

  async runOnce(): Promise<ReconcileTally> {
    const { store, graceMs, batch, shutdown } = this.#deps;
    const tally = emptyTally();
    for (const claim of await store.findUnsettled(graceMs, batch)) {
      if (shutdown.aborted) break;
      const result = await this.#reconcile(claim).catch(() => 'stillUnknown' as const);
      tally[result]++;
    }
    return tally;
  }

  async #reconcile({ key, orderId }: UnsettledClaim): Promise<keyof ReconcileTally> {
    const { store, lookup, charge, leaseMs, lookupTimeoutMs, shutdown } = this.#deps;
    if (!(await store.takeOver(key, leaseMs))) return 'skipped';
    const order = await store.findOrder(orderId);
    if (order === null || isSettled(order.status)) {
      if (order !== null) await store.complete(key, outcomeOfSettled(order));
      else await store.release(key);
      return 'settledOtherwise';
    }
    const known = await lookup.findCharge(chargeKeyOf(order.id), lookupTimeoutMs, shutdown);
    if (known.kind === 'unknown') {
      await store.release(key);
      return 'stillUnknown';
    }
    const outcome = await recordCharge(store, order, key, known.kind === 'charged' ? known : await charge.execute(order));
    const status = outcome.kind === 'order' ? outcome.receipt.status : 'failed';
    if (status === 'pending') return 'stillUnknown';
    if (status === 'confirmed') return known.kind === 'charged' ? 'confirmedFromLookup' : 'charged';
    return 'settledOtherwise';
  }
}
