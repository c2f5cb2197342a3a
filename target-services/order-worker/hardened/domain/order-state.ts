/**
 * The order's state machine: which event may change which state. An order's events carry a
 * per-order sequence set by the producer; a state is only ever replaced by a newer event, so a
 * redelivered or late OrderPlaced (1) can never undo an OrderCancelled (2).
 */
import type { OrderStatus } from '../../contract/schema.js';

/** The order as stored: its status and the sequence of the event that set it. */
export interface OrderSnapshot {
  readonly status: OrderStatus;
  readonly sequence: number;
}

/**
 * What to do with an OrderPlaced given the order's current state:
 * - `charge`: the order is pending under this event: charge (with the order's idempotency key);
 * - `already-paid`: an earlier delivery charged and recorded it: nothing more to do;
 * - `superseded`: a newer event (a cancel) set the state: do not charge.
 */
export type PlacementDecision = 'charge' | 'already-paid' | 'superseded';

export function decidePlacement(current: OrderSnapshot, sequence: number): PlacementDecision {
  if (current.sequence > sequence) return 'superseded';
  if (current.status === 'paid') return 'already-paid';
  if (current.status === 'cancelled') return 'superseded';
  return 'charge';
}

/** Whether an event of this sequence may replace the current state (strictly newer only). */
export function mayReplace(current: OrderSnapshot | undefined, sequence: number): boolean {
  return current === undefined || sequence > current.sequence;
}

/**
 * The key the gateway dedupes charges on: one per order, whatever the delivery, the instance or
 * the attempt. Derived from the business key, never from the message id (a producer that
 * publishes the same order twice makes two messages of one order).
 */
export function chargeIdempotencyKey(orderId: string): string {
  return `order-charge:${orderId}`;
}
