import type { OrderMessage } from '../../contract/order-message.js';
import { chargeIdempotencyKey, decidePlacement } from '../domain/order-state.js';
import type { Logger } from './ports/logger.js';
import type { EventOutcome, OrderStore, ProcessingContext } from './ports/order-store.js';
import type { PaymentGateway } from './ports/payment-gateway.js';

/** `duplicate`: this event had already been processed (a redelivery): nothing was done. */
export type ProcessOutcome = EventOutcome | 'duplicate';

export interface ProcessOrderEventDeps {
  readonly orders: OrderStore;
  readonly gateway: PaymentGateway;
  readonly logger: Logger;
  readonly instanceId: string;
}

/**
 * Applies one validated order event, safely repeatable: a delivery of an event already processed
 * does nothing (processed_messages, unique per order and event type), the charge carries the
 * order's idempotency key (two deliveries racing each other get one charge), and every state
 * change is conditional on the stored status and sequence.
 */
export class ProcessOrderEvent {
  readonly #deps: ProcessOrderEventDeps;

  constructor(deps: ProcessOrderEventDeps) {
    this.#deps = deps;
  }

  async execute(event: OrderMessage, correlationId: string, signal?: AbortSignal): Promise<ProcessOutcome> {
    const { orders, logger } = this.#deps;
    const context: ProcessingContext = { correlationId, instanceId: this.#deps.instanceId };
    if (await orders.processedOutcome(event.orderId, event.type)) return 'duplicate';
    if (event.type === 'OrderCancelled') {
      const outcome = await orders.applyCancellation(event, context);
      if (outcome === 'superseded')
        logger.info({ correlationId, orderId: event.orderId, sequence: event.sequence }, 'cancel older than the stored state: ignored');
      return outcome;
    }
    return this.#place(event, context, signal);
  }

  async #place(event: OrderMessage, context: ProcessingContext, signal?: AbortSignal): Promise<ProcessOutcome> {
    const { orders, gateway, logger } = this.#deps;
    const { correlationId } = context;
    const current = await orders.openOrder(event, context);
    const decision = decidePlacement(current, event.sequence);
    if (decision === 'superseded') {
      // OrderCancelled (a newer event) was processed first: the customer is never charged.
      await orders.recordSuperseded(event, context);
      logger.info({ correlationId, orderId: event.orderId, storedSequence: current.sequence }, 'placement superseded: not charged');
      return 'superseded';
    }
    // Paid by another delivery of this event that committed between our two reads.
    if (decision === 'already-paid') return 'duplicate';

    const charge = await gateway.charge(
      {
        orderId: event.orderId,
        customerId: event.customerId,
        amountCents: event.amountCents,
        idempotencyKey: chargeIdempotencyKey(event.orderId),
        correlationId,
      },
      signal,
    );
    const outcome = await orders.completePayment(event, charge.chargeId, context);
    if (outcome === 'already-paid') return 'duplicate';
    if (outcome === 'superseded') {
      logger.warn(
        { correlationId, orderId: event.orderId, chargeId: charge.chargeId },
        'order cancelled while its charge was under way: refund due',
      );
    }
    return outcome;
  }
}
