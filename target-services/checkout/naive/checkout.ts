/*
 * The flash-sale checkout as it ran at midnight (incident catalog row 2: sources 002, 003 and the
 * race-condition articles of 004), kept the way the team wrote it.
 *
 * What it reproduces:
 * - oversell: the stock is read, checked and written back as "read - quantity" (a lost update:
 *   two buyers who read the same level both succeed, and one sale vanishes from the count);
 * - double charges: the gateway is called without an idempotency key and retried when it times
 *   out, although a timed-out charge has usually gone through (payment-client.ts);
 * - charged but told "failed": the answer's status is read back from Redis through another
 *   connection than the one that wrote it, and a miss reads as failed (payment-status.ts);
 * - stale prices: the price comes from a ten-minute process cache that a price change made in
 *   the back office (or on another instance) never reaches (product-catalog.ts).
 *
 * How close to the sources (../shared/incident-sources/), and why:
 * - to the letter: source 003's "when Redis returned a null key, the payment status function
 *   silently defaulted to 'failed' even though the charge had already gone through", and its
 *   refactor lifting the key out of the callbacks (payment-status.ts); source 002's flash sale
 *   that outgrew its connections and its price layer serving cached values, not the live prices.
 * - interpreted: the sources name no code for the oversell, the double charge or the price
 *   cache. The read-then-write stock (a lost update) is the check-then-act race of 004's
 *   articles; the retry without an idempotency key is 004's "the business operation was not
 *   idempotent" applied to the gateway; "Redis pipeline batching" (003) is modelled as a
 *   fire-and-forget pipeline on one connection read back on another; the ten-minute cache and
 *   the TODO that never gives failed orders' stock back are ours, chosen because each is the
 *   smallest code that shows its bug under the scenario's faults and nowhere else.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { CheckoutBody, CheckoutResponse } from '../contract/http-contract.js';
import { orderStatusKey } from '../contract/schema.js';
import { PaymentFailedError, ProductNotFoundError, SoldOutError } from './errors.js';
import type { Inventory } from './inventory.js';
import type { PaymentClient } from './payment-client.js';
import type { PaymentStatus } from './payment-status.js';
import type { ProductCatalog } from './product-catalog.js';

export interface CheckoutDeps {
  readonly pool: pg.Pool;
  readonly catalog: ProductCatalog;
  readonly inventory: Inventory;
  readonly payments: PaymentClient;
  readonly paymentStatus: PaymentStatus;
  readonly logger: FastifyBaseLogger;
}

export function createCheckout({ pool, catalog, inventory, payments, paymentStatus, logger }: CheckoutDeps) {
  /**
   * Places an order: reserves the stock, charges the customer and confirms the order.
   * @throws SoldOutError when there is not enough stock left.
   * @throws PaymentFailedError when the charge did not go through (the order is marked failed).
   */
  async function placeOrder(input: CheckoutBody): Promise<CheckoutResponse> {
    const { sku, quantity, customerId, idempotencyKey } = input;
    const orderId = `ord_${randomUUID()}`;
    const statusKey = orderStatusKey(orderId);

    // 1. Product and price
    const product = await catalog.getProduct(sku);
    if (!product) throw new ProductNotFoundError(sku);

    // 2. Check the stock
    const stock = await inventory.getStock(sku);
    if (stock < quantity) throw new SoldOutError(sku);

    // 3. Create the order, then take its units out of the stock
    const amountCents = product.priceCents * quantity;
    await pool.query(
      `INSERT INTO orders (id, sku, quantity, customer_id, idempotency_key, unit_price_cents, price_version, amount_cents, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')`,
      [orderId, sku, quantity, customerId, idempotencyKey, product.priceCents, product.priceVersion, amountCents],
    );
    await inventory.setStock(sku, stock - quantity);

    // 4. Charge the customer
    try {
      const charge = await payments.charge({ orderId, amountCents, customerId, currency: 'usd' });
      await pool.query("UPDATE orders SET status = 'confirmed', charge_id = $2, updated_at = now() WHERE id = $1", [orderId, charge.id]);
      paymentStatus.recordPayment(statusKey, orderId, 'confirmed');
    } catch (error) {
      logger.error({ err: error, orderId }, 'Payment failed');
      // TODO(INV-212): give the stock back when a payment fails
      await pool.query("UPDATE orders SET status = 'failed', updated_at = now() WHERE id = $1", [orderId]);
      paymentStatus.recordPayment(statusKey, orderId, 'failed');
      throw new PaymentFailedError(orderId, { cause: error });
    }

    // 5. Answer with the status the order page shows, so that the two never disagree
    const status = await paymentStatus.getPaymentStatus(statusKey);
    return {
      orderId,
      status,
      chargedCents: status === 'confirmed' ? amountCents : 0,
      unitPriceCents: product.priceCents,
      priceVersion: product.priceVersion,
      sku,
      quantity,
    };
  }

  return { placeOrder };
}
