/*
 * The order processor as it shipped (incident source 002, "How AWS SQS Visibility Timeout Caused
 * the Same Order to Be Processed 847 Times"): charge the card, then write the order. Nothing
 * makes the charge safe to repeat: no idempotency key, no record of which events were already
 * handled, and every write is an upsert, so the last event to arrive wins whatever its sequence.
 *
 * To the letter: a charge without idempotency, repeated on every redelivery (source 002's
 * "duplicate-charge machine"). Interpreted: the upserts and the cancel event are ours; source 004
 * section 1 lists "processed twice and overwrite newer state" among the lifecycle failures, and the
 * upsert is the ordinary way a team makes a redelivery "not blow up" that produces it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { PaymentClient } from './payment-client.js';

export interface OrderProcessorDeps {
  readonly pool: pg.Pool;
  readonly payments: PaymentClient;
  readonly instanceId: string;
  readonly logger: FastifyBaseLogger;
}

// The event as the checkout service publishes it.
interface OrderEvent {
  orderId: string;
  customerId: string;
  amountCents: number;
  type: string;
  sequence: number;
}

// Upsert: a redelivered message must not blow up on the primary key.
const upsertPaidSql = `
INSERT INTO order_states (order_id, customer_id, amount_cents, status, sequence, charge_id, correlation_id, updated_at)
VALUES ($1, $2, $3, 'paid', $4, $5, $6, now())
ON CONFLICT (order_id) DO UPDATE
SET status = 'paid', sequence = EXCLUDED.sequence, charge_id = EXCLUDED.charge_id, correlation_id = EXCLUDED.correlation_id, updated_at = now()`;

// The customer may cancel before the placement is processed: record the cancel either way.
const upsertCancelledSql = `
INSERT INTO order_states (order_id, customer_id, amount_cents, status, sequence, correlation_id, updated_at)
VALUES ($1, $2, $3, 'cancelled', $4, $5, now())
ON CONFLICT (order_id) DO UPDATE
SET status = 'cancelled', sequence = EXCLUDED.sequence, correlation_id = EXCLUDED.correlation_id, updated_at = now()`;

const historySql = `
INSERT INTO order_status_history (order_id, event_type, status, sequence, correlation_id, instance_id)
VALUES ($1, $2, $3, $4, $5, $6)`;

export function createOrderProcessor(deps: OrderProcessorDeps) {
  const { pool, payments, instanceId, logger } = deps;

  async function placeOrder(event: OrderEvent, correlationId: string): Promise<void> {
    const charge = await payments.charge({ orderId: event.orderId, amountCents: event.amountCents, customerId: event.customerId });
    await pool.query(upsertPaidSql, [event.orderId, event.customerId, event.amountCents, event.sequence, charge.id, correlationId]);
    await pool.query(historySql, [event.orderId, event.type, 'paid', event.sequence, correlationId, instanceId]);
  }

  async function cancelOrder(event: OrderEvent, correlationId: string): Promise<void> {
    await pool.query(upsertCancelledSql, [event.orderId, event.customerId, event.amountCents, event.sequence, correlationId]);
    await pool.query(historySql, [event.orderId, event.type, 'cancelled', event.sequence, correlationId, instanceId]);
  }

  /** Handles one order event from the queue. */
  async function processOrderEvent(body: string, correlationId: string): Promise<void> {
    const event = JSON.parse(body) as OrderEvent;
    switch (event.type) {
      case 'OrderPlaced':
        await placeOrder(event, correlationId);
        break;
      case 'OrderCancelled':
        await cancelOrder(event, correlationId);
        break;
      default:
        logger.warn(`Unknown order event type ${event.type}, skipping`);
    }
  }

  return { processOrderEvent };
}
