/*
 * Payment status, as the order page and the checkout answer show it: the refactored payments
 * module of incident source 003 ("charged but never confirmed", 342 orders, $47,000).
 *
 * The old callback code wrote the status to Redis inside the gateway callback and built the
 * answer in that callback's own callback, so the read always came after the write. The refactor
 * lifted the key out of the callbacks and made the write fire-and-forget through the jobs
 * connection (together with the confirmation email), while the read goes through the cache
 * connection. Nothing orders the two any more: when Redis is slow, or just jittery, the read
 * reaches Redis first, or gives up after 250 ms, and a missing value is read as "failed" although
 * the charge went through. The order page has the same reader, so polling it does not help.
 *
 * To the letter: a null read defaults to "failed" although charged (source 003). Interpreted:
 * the two connections and the fire-and-forget write stand for the source's "Redis pipeline
 * batching" timing, which it does not show in code.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { OrderStatus } from '../contract/http-contract.js';
import { confirmationEmailQueue } from '../contract/schema.js';
import type { RedisClients } from './redis-clients.js';

// Order pages are looked at for about a day after a purchase.
const statusTtlSeconds = 24 * 60 * 60;

export function createPaymentStatus(redis: RedisClients, logger: FastifyBaseLogger) {
  /**
   * Records a payment outcome under the order's status key and, for a confirmed payment, queues
   * the confirmation email, in one pipeline (one round trip). Not awaited by callers: the
   * customer should not wait for the email queue.
   */
  function recordPayment(statusKey: string, orderId: string, status: OrderStatus): void {
    const pipeline = redis.jobs.pipeline().set(statusKey, status, 'EX', statusTtlSeconds);
    if (status === 'confirmed') pipeline.rpush(confirmationEmailQueue, orderId);
    pipeline.exec().catch((error: unknown) => logger.error({ err: error, orderId }, 'Failed to record payment status'));
  }

  /** The payment status stored under the order's status key. */
  async function getPaymentStatus(statusKey: string): Promise<OrderStatus> {
    let status: string | null = null;
    try {
      status = await redis.cache.get(statusKey);
    } catch (error) {
      logger.warn({ err: error, statusKey }, 'Payment status cache read failed');
    }
    // No payment recorded for the order: the payment did not go through.
    return (status as OrderStatus | null) ?? 'failed';
  }

  return { recordPayment, getPaymentStatus };
}

export type PaymentStatus = ReturnType<typeof createPaymentStatus>;
