import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { OrderView } from '../../../contract/http-contract.js';
import { orderViewKey } from '../../../contract/schema.js';
import type { OrderViewCache } from '../../application/ports/order-view-cache.js';

// A settled order's page is looked at for about a day after the purchase.
const viewTtlSeconds = 24 * 60 * 60;

/**
 * Settled order views in Redis, one shared client whose commands time out quickly (see main.ts):
 * a slow or failing cache costs a database read, never a wrong answer.
 */
export class RedisOrderViewCache implements OrderViewCache {
  readonly #redis: Redis;
  readonly #logger: FastifyBaseLogger;

  constructor(redis: Redis, logger: FastifyBaseLogger) {
    this.#redis = redis;
    this.#logger = logger;
  }

  async get(orderId: string): Promise<OrderView | null> {
    try {
      const raw = await this.#redis.get(orderViewKey(orderId));
      return raw === null ? null : (JSON.parse(raw) as OrderView);
    } catch (err) {
      this.#logger.debug({ err, orderId }, 'order view cache read failed: reading the database');
      return null;
    }
  }

  put(view: OrderView): void {
    this.#redis
      .set(orderViewKey(view.orderId), JSON.stringify(view), 'EX', viewTtlSeconds)
      .catch((err: unknown) => this.#logger.debug({ err, orderId: view.orderId }, 'order view cache write failed'));
  }
}
