import type { OrderMessage } from '../../../contract/order-message.js';
import type { OrderSnapshot } from '../../domain/order-state.js';

/** Who is processing what: written next to every state change. */
export interface ProcessingContext {
  readonly correlationId: string;
  readonly instanceId: string;
}

/** What became of an event: its effect was written, or a newer event had already set the state. */
export type EventOutcome = 'applied' | 'superseded';

/** The orders, their history and the processed-events ledger (PostgreSQL). */
export interface OrderStore {
  /** Whether this event (order id + type) was already processed to an outcome. */
  processedOutcome(orderId: string, eventType: string): Promise<EventOutcome | undefined>;
  /** Creates the order as `pending` under this event unless it exists; returns the stored state. */
  openOrder(event: OrderMessage, context: ProcessingContext): Promise<OrderSnapshot>;
  /**
   * `pending` -> `paid` if the order is still pending under this or an older event; records the
   * outcome. `already-paid`: a concurrent delivery of this event got there first.
   */
  completePayment(event: OrderMessage, chargeId: string, context: ProcessingContext): Promise<EventOutcome | 'already-paid'>;
  /** Sets `cancelled` if this event is newer than the stored state (or there is none); records the outcome. */
  applyCancellation(event: OrderMessage, context: ProcessingContext): Promise<EventOutcome>;
  /** Records that a newer event made this one moot. */
  recordSuperseded(event: OrderMessage, context: ProcessingContext): Promise<void>;
}
