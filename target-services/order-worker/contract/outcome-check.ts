/**
 * Pure checks behind the scenario's invariants: what clients were told (202 with a correlation
 * id), what the gateway charged (its ledger) and what the database and the DLQ hold at the end.
 */
import type { LedgerEntry } from '../../upstreams/payment-gateway/gateway-contract.js';
import { type OrderEventType, orderEventTypes, statusAfter } from './order-message.js';

/** An event the producer accepted (202), as the client sent it. */
export interface AcceptedEvent {
  readonly correlationId: string;
  readonly orderId: string;
  /** As sent: poison messages carry types no consumer knows. */
  readonly type: string;
  readonly sequence: number;
}

/** An order row at the end of the run. */
export interface FinalOrder {
  readonly orderId: string;
  readonly status: string;
  readonly sequence: number;
}

export interface LostOutcome extends AcceptedEvent {
  readonly finalStatus: string | null;
  readonly finalSequence: number | null;
}

/**
 * Accepted events whose outcome never happened: not in the DLQ, and the order's final state is
 * neither this event's (same sequence, the status it sets) nor a newer event's (higher sequence).
 */
export function findLostOutcomes(
  accepted: readonly AcceptedEvent[],
  orders: ReadonlyMap<string, FinalOrder>,
  deadLettered: ReadonlySet<string>,
): LostOutcome[] {
  const lost: LostOutcome[] = [];
  for (const event of accepted) {
    if (deadLettered.has(event.correlationId)) continue;
    const order = orders.get(event.orderId);
    const known = orderEventTypes.includes(event.type as OrderEventType);
    if (order && known) {
      if (order.sequence > event.sequence) continue;
      if (order.sequence === event.sequence && order.status === statusAfter[event.type as OrderEventType]) continue;
    }
    lost.push({ ...event, finalStatus: order?.status ?? null, finalSequence: order?.sequence ?? null });
  }
  return lost;
}

export interface DuplicateCharge {
  readonly orderId: string;
  readonly charges: number;
  readonly amountCents: number;
  readonly chargeIds: readonly string[];
}

export interface DuplicateChargeSummary {
  /** Orders charged more than once, most-charged first. */
  readonly orders: readonly DuplicateCharge[];
  readonly ordersCharged: number;
  readonly extraCharges: number;
  readonly extraCents: number;
  /** Charges of the worst order (the story's 847). */
  readonly worstOrderCharges: number;
}

/** Orders the gateway charged more than once (replays of an idempotency key are not charges). */
export function findDuplicateCharges(entries: readonly LedgerEntry[]): DuplicateChargeSummary {
  const byOrder = new Map<string, { charges: number; amountCents: number; chargeIds: string[] }>();
  for (const entry of entries) {
    if (entry.result !== 'charged') continue;
    const seen = byOrder.get(entry.orderId) ?? { charges: 0, amountCents: 0, chargeIds: [] };
    seen.charges++;
    seen.amountCents += entry.amountCents;
    if (entry.chargeId) seen.chargeIds.push(entry.chargeId);
    byOrder.set(entry.orderId, seen);
  }
  const orders: DuplicateCharge[] = [];
  let extraCharges = 0;
  let extraCents = 0;
  let worstOrderCharges = 0;
  for (const [orderId, seen] of byOrder) {
    worstOrderCharges = Math.max(worstOrderCharges, seen.charges);
    if (seen.charges < 2) continue;
    orders.push({ orderId, ...seen });
    extraCharges += seen.charges - 1;
    extraCents += seen.amountCents - seen.amountCents / seen.charges;
  }
  orders.sort((a, b) => b.charges - a.charges || a.orderId.localeCompare(b.orderId));
  return { orders, ordersCharged: byOrder.size, extraCharges, extraCents: Math.round(extraCents), worstOrderCharges };
}
