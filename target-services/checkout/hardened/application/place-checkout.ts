import { type CheckoutRequest, checkoutFingerprint, validateCheckoutRequest } from '../domain/checkout-request.js';
import { decideOnClaim } from '../domain/idempotency-claim.js';
import { orderAmountCents } from '../domain/money.js';
import { isSettled, type Order } from '../domain/order.js';
import { ApplicationError } from './application-error.js';
import type { ChargeOrder } from './charge-order.js';
import type { CheckoutOutcome } from './checkout-outcome.js';
import type { CheckoutStore } from './ports/checkout-store.js';
import { outcomeOfSettled, recordCharge } from './record-charge.js';

export interface PlaceCheckoutDeps {
  readonly store: CheckoutStore;
  readonly charge: ChargeOrder;
  readonly newOrderId: () => string;
  /** How long a request owns its key before another may take it over (longer than any checkout). */
  readonly leaseMs: number;
  /** How long a request waits for another request with its key before answering "in progress". */
  readonly waitMs: number;
}

export interface PlacedCheckout {
  readonly outcome: CheckoutOutcome;
  /** True when this request did nothing but report an outcome reached by another one. */
  readonly replayed: boolean;
}

// Polls of a key someone else is working on: quick at first (most checkouts take well under a
// second), then every 200 ms. Bounded by waitMs, and by this many rounds whatever the clock does.
const pollDelaysMs = [25, 50, 100, 200];
const maxRounds = 200;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A checkout, exactly once per idempotency key: claim the key (a unique row), take the stock with
 * one conditional decrement that also reads the price, charge with the order's gateway key, and
 * store what it came to. A repeated key gets the stored outcome; a concurrent one waits for it;
 * a key whose worker gave up (outcome unknown) or died is taken over and resumed from its order.
 */
export class PlaceCheckout {
  readonly #deps: PlaceCheckoutDeps;
  // Requests of this instance already working on a key: a duplicate arriving here shares their
  // outcome instead of polling the database for it.
  readonly #working = new Map<string, { fingerprint: string; done: Promise<PlacedCheckout> }>();

  constructor(deps: PlaceCheckoutDeps) {
    this.#deps = deps;
  }

  async execute(request: CheckoutRequest): Promise<PlacedCheckout> {
    validateCheckoutRequest(request);
    const fingerprint = checkoutFingerprint(request);
    const key = request.idempotencyKey;
    const working = this.#working.get(key);
    if (working) {
      if (working.fingerprint !== fingerprint) throw keyReused(key);
      return { outcome: (await working.done).outcome, replayed: true };
    }
    const done = this.#claimAndRun(request, fingerprint);
    this.#working.set(key, { fingerprint, done });
    try {
      return await done;
    } finally {
      this.#working.delete(key);
    }
  }

  async #claimAndRun(request: CheckoutRequest, fingerprint: string): Promise<PlacedCheckout> {
    const { store, leaseMs, waitMs } = this.#deps;
    const key = request.idempotencyKey;
    const waitUntil = Date.now() + waitMs;
    for (let round = 0; round < maxRounds; round++) {
      if (await store.claim(key, fingerprint, leaseMs)) return { outcome: await this.#run(request, null), replayed: false };
      const stored = await store.findClaim(key);
      // Abandoned between our claim and our read: claim it again.
      if (!stored) continue;
      const decision = decideOnClaim(stored, fingerprint, stored.now.getTime());
      if (decision.kind === 'replay') return { outcome: decision.outcome, replayed: true };
      if (decision.kind === 'key-reused') throw keyReused(key);
      if (decision.kind === 'take-over') {
        if (await store.takeOver(key, leaseMs)) return { outcome: await this.#run(request, decision.orderId), replayed: false };
        continue;
      }
      const left = waitUntil - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(pollDelaysMs[Math.min(round, pollDelaysMs.length - 1)] as number, left));
    }
    throw new ApplicationError('CHECKOUT_IN_PROGRESS', `another request with idempotency key ${key} is still being processed`);
  }

  /** Works on a claimed key: reserves (or resumes the order reserved earlier), charges, settles. */
  async #run(request: CheckoutRequest, resumeOrderId: string | null): Promise<CheckoutOutcome> {
    const { store, charge, newOrderId } = this.#deps;
    const key = request.idempotencyKey;
    let order = resumeOrderId === null ? null : await store.findOrder(resumeOrderId);
    if (order === null) {
      const orderId = newOrderId();
      const build = (price: { unitPriceCents: number; priceVersion: number }): Order => ({
        id: orderId,
        sku: request.sku,
        quantity: request.quantity,
        customerId: request.customerId,
        unitPriceCents: price.unitPriceCents,
        priceVersion: price.priceVersion,
        amountCents: orderAmountCents(price.unitPriceCents, request.quantity),
        status: 'pending',
      });
      const reservation = await store.reserve(key, request, build).catch(async (error: unknown) => {
        await store.abandon(key).catch(() => {});
        throw error;
      });
      if (reservation.kind === 'unknown-sku') {
        await store.abandon(key);
        throw new ApplicationError('CHECKOUT_PRODUCT_NOT_FOUND', `no product has SKU ${request.sku}`);
      }
      if (reservation.kind === 'sold-out') {
        const outcome: CheckoutOutcome = { kind: 'sold-out', sku: request.sku };
        await store.complete(key, outcome);
        return outcome;
      }
      order = reservation.order;
    }

    if (isSettled(order.status)) {
      // Settled by an earlier worker that could not store the outcome: store it now.
      const outcome = outcomeOfSettled(order);
      await store.complete(key, outcome);
      return outcome;
    }

    return recordCharge(store, order, key, await charge.execute(order));
  }
}

function keyReused(key: string): ApplicationError {
  return new ApplicationError('CHECKOUT_KEY_REUSED', `idempotency key ${key} was first used with other parameters`);
}
