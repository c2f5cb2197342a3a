import { type ChargeOutcome, settle } from '../domain/charge-outcome.js';
import type { Order } from '../domain/order.js';
import { type CheckoutOutcome, receiptOf } from './checkout-outcome.js';
import type { CheckoutStore } from './ports/checkout-store.js';

/**
 * Stores what a charge came to for a pending order under its claimed key, and says what the
 * customer is told. Shared by a checkout request and the reconciler, so both settle alike:
 * charged -> confirmed, declined -> failed (stock back on sale), unknown -> the key's lease is
 * released (a retry or the reconciler resumes it) and the answer is "pending", never "failed".
 */
export async function recordCharge(store: CheckoutStore, order: Order, key: string, charged: ChargeOutcome): Promise<CheckoutOutcome> {
  const settlement = settle(order, charged);
  const outcome: CheckoutOutcome = { kind: 'order', receipt: receiptOf(order, settlement.status, settlement.chargedCents) };
  const pending: CheckoutOutcome = { kind: 'order', receipt: receiptOf(order, 'pending', 0) };
  try {
    if (charged.kind === 'charged') await store.confirm(order, charged.chargeId, key, outcome);
    else if (charged.kind === 'declined') await store.fail(order, key, outcome);
    else {
      await store.release(key);
      return pending;
    }
  } catch {
    // The gateway has settled the charge but the database did not take it: the customer is told
    // "pending" (true: it is not recorded yet), never "failed", and a retry with the key resumes.
    await store.release(key).catch(() => {});
    return pending;
  }
  return outcome;
}

/** The outcome of an order an earlier worker settled but could not store with its key. */
export function outcomeOfSettled(order: Order): CheckoutOutcome {
  return { kind: 'order', receipt: receiptOf(order, order.status, order.status === 'confirmed' ? order.amountCents : 0) };
}
