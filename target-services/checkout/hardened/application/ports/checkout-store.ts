import type { CheckoutRequest } from '../../domain/checkout-request.js';
import type { StoredClaim } from '../../domain/idempotency-claim.js';
import type { Order } from '../../domain/order.js';
import type { CheckoutOutcome } from '../checkout-outcome.js';

/** The price in force when the stock was taken, read in the same statement that took it. */
export interface ReservedPrice {
  readonly unitPriceCents: number;
  readonly priceVersion: number;
}

export type Reservation =
  | { readonly kind: 'reserved'; readonly order: Order }
  | { readonly kind: 'sold-out' }
  | { readonly kind: 'unknown-sku' };

/** The stored claim plus the store's clock, so that leases are judged on one clock. */
export interface ClaimSnapshot extends StoredClaim<CheckoutOutcome> {
  readonly now: Date;
}

/** A key whose order is still pending and that nobody works on (its lease ended). */
export interface UnsettledClaim {
  readonly key: string;
  readonly orderId: string;
}

/**
 * Idempotency keys, stock and orders, in the database. Every method is one short transaction;
 * failures reject with an ApplicationError (DB busy or failed).
 */
export interface CheckoutStore {
  /** Stores the key as in progress, leased for `leaseMs`; false if the key already exists. */
  claim(key: string, fingerprint: string, leaseMs: number): Promise<boolean>;
  findClaim(key: string): Promise<ClaimSnapshot | null>;
  /** Takes over an in-progress key whose lease has ended; false if it is not (or no longer) free. */
  takeOver(key: string, leaseMs: number): Promise<boolean>;
  /**
   * Takes the stock if there is enough (one conditional decrement), creates the pending order
   * built by `build` from the price read in that statement, and ties it to the key; all or nothing.
   */
  reserve(key: string, request: CheckoutRequest, build: (price: ReservedPrice) => Order): Promise<Reservation>;
  findOrder(orderId: string): Promise<Order | null>;
  /** Pending to confirmed, and the key completed with the outcome. */
  confirm(order: Order, chargeId: string, key: string, outcome: CheckoutOutcome): Promise<void>;
  /** Pending to failed, the stock given back, and the key completed with the outcome. */
  fail(order: Order, key: string, outcome: CheckoutOutcome): Promise<void>;
  /** Completes the key with an outcome that touched no order (sold out, or an order already settled). */
  complete(key: string, outcome: CheckoutOutcome): Promise<void>;
  /** Ends the lease now: the outcome is unknown, and the next request with the key resumes at once. */
  release(key: string): Promise<void>;
  /**
   * Up to `limit` in-progress keys with a pending order whose lease ended at least `graceMs` ago
   * (released after an unknown outcome, or left by a worker that died), oldest first.
   */
  findUnsettled(graceMs: number, limit: number): Promise<UnsettledClaim[]>;
  /** Forgets an in-progress key that reserved nothing, so that a retry starts afresh. */
  abandon(key: string): Promise<void>;
}
