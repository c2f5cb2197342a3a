import type { CheckoutOutcome } from '../../application/checkout-outcome.js';
import type { CheckoutStore, ClaimSnapshot, Reservation, ReservedPrice, UnsettledClaim } from '../../application/ports/checkout-store.js';
import type { CheckoutRequest } from '../../domain/checkout-request.js';
import type { Order, OrderStatus } from '../../domain/order.js';
import { type DbCallSettings, inStatement, inTransaction } from './db-call.js';

interface OrderRow {
  readonly id: string;
  readonly sku: string;
  readonly quantity: number;
  readonly customer_id: string;
  readonly unit_price_cents: number;
  readonly price_version: number;
  readonly amount_cents: number;
  readonly status: OrderStatus;
}

const orderColumns = 'id, sku, quantity, customer_id, unit_price_cents, price_version, amount_cents, status';

function orderOf(row: OrderRow): Order {
  return {
    id: row.id,
    sku: row.sku,
    quantity: row.quantity,
    customerId: row.customer_id,
    unitPriceCents: row.unit_price_cents,
    priceVersion: row.price_version,
    amountCents: row.amount_cents,
    status: row.status,
  };
}

// Leases are set and judged on the database's clock, the one clock every instance shares.
const claimSql = `
INSERT INTO checkout_requests (idempotency_key, fingerprint, state, locked_until)
VALUES ($1, $2, 'in_progress', clock_timestamp() + $3 * interval '1 millisecond')
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING idempotency_key`;

const findClaimSql = `
SELECT fingerprint, state, order_id, locked_until, outcome, clock_timestamp() AS now
FROM checkout_requests WHERE idempotency_key = $1`;

const takeOverSql = `
UPDATE checkout_requests SET locked_until = clock_timestamp() + $2 * interval '1 millisecond', updated_at = clock_timestamp()
WHERE idempotency_key = $1 AND state = 'in_progress' AND (locked_until IS NULL OR locked_until <= clock_timestamp())
RETURNING idempotency_key`;

// The whole oversell fix: the check and the decrement are one statement, so two buyers of the
// last unit cannot both pass it. The price comes back from the same row version.
const takeStockSql = `
UPDATE products SET stock = stock - $2
WHERE sku = $1 AND stock >= $2
RETURNING price_cents, price_version`;

const insertOrderSql = `
INSERT INTO orders (id, sku, quantity, customer_id, idempotency_key, unit_price_cents, price_version, amount_cents, status)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')`;

const completeSql = `
UPDATE checkout_requests SET state = 'completed', outcome = $2, locked_until = NULL, updated_at = clock_timestamp()
WHERE idempotency_key = $1`;

// The reconciler's work list: keys nobody works on whose order is still pending. The grace
// leaves the customer's own retry the first go at a key released a moment ago.
const findUnsettledSql = `
SELECT r.idempotency_key AS key, r.order_id AS "orderId"
FROM checkout_requests r JOIN orders o ON o.id = r.order_id
WHERE r.state = 'in_progress' AND o.status = 'pending'
  AND r.locked_until <= clock_timestamp() - $1 * interval '1 millisecond'
ORDER BY r.locked_until
LIMIT $2`;

/** Idempotency keys, stock and orders in PostgreSQL (through PgBouncer): one short transaction per call. */
export class PgCheckoutStore implements CheckoutStore {
  readonly #db: DbCallSettings;

  constructor(db: DbCallSettings) {
    this.#db = db;
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<boolean> {
    const result = await inStatement(this.#db, claimSql, [key, fingerprint, leaseMs]);
    return result.rowCount === 1;
  }

  async findClaim(key: string): Promise<ClaimSnapshot | null> {
    const { rows } = await inStatement<{
      fingerprint: string;
      state: 'in_progress' | 'completed';
      order_id: string | null;
      locked_until: Date | null;
      outcome: CheckoutOutcome | null;
      now: Date;
    }>(this.#db, findClaimSql, [key]);
    const row = rows[0];
    if (!row) return null;
    return {
      fingerprint: row.fingerprint,
      state: row.state,
      orderId: row.order_id,
      lockedUntil: row.locked_until,
      outcome: row.outcome,
      now: row.now,
    };
  }

  async takeOver(key: string, leaseMs: number): Promise<boolean> {
    const result = await inStatement(this.#db, takeOverSql, [key, leaseMs]);
    return result.rowCount === 1;
  }

  async reserve(key: string, request: CheckoutRequest, build: (price: ReservedPrice) => Order): Promise<Reservation> {
    return inTransaction(this.#db, async (client): Promise<Reservation> => {
      const taken = await client.query<{ price_cents: number; price_version: number }>(takeStockSql, [request.sku, request.quantity]);
      const price = taken.rows[0];
      if (!price) {
        const exists = await client.query('SELECT 1 FROM products WHERE sku = $1', [request.sku]);
        return exists.rowCount === 0 ? { kind: 'unknown-sku' } : { kind: 'sold-out' };
      }
      const order = build({ unitPriceCents: price.price_cents, priceVersion: price.price_version });
      await client.query(insertOrderSql, [
        order.id,
        order.sku,
        order.quantity,
        order.customerId,
        key,
        order.unitPriceCents,
        order.priceVersion,
        order.amountCents,
      ]);
      await client.query('UPDATE checkout_requests SET order_id = $2, updated_at = clock_timestamp() WHERE idempotency_key = $1', [
        key,
        order.id,
      ]);
      return { kind: 'reserved', order };
    });
  }

  async findOrder(orderId: string): Promise<Order | null> {
    const { rows } = await inStatement<OrderRow>(this.#db, `SELECT ${orderColumns} FROM orders WHERE id = $1`, [orderId]);
    return rows[0] ? orderOf(rows[0]) : null;
  }

  async confirm(order: Order, chargeId: string, key: string, outcome: CheckoutOutcome): Promise<void> {
    await inTransaction(this.#db, async (client) => {
      await client.query(
        "UPDATE orders SET status = 'confirmed', charge_id = $2, updated_at = clock_timestamp() WHERE id = $1 AND status = 'pending'",
        [order.id, chargeId],
      );
      await client.query(completeSql, [key, JSON.stringify(outcome)]);
    });
  }

  async fail(order: Order, key: string, outcome: CheckoutOutcome): Promise<void> {
    await inTransaction(this.#db, async (client) => {
      const failed = await client.query(
        "UPDATE orders SET status = 'failed', updated_at = clock_timestamp() WHERE id = $1 AND status = 'pending' RETURNING id",
        [order.id],
      );
      // Only the request that moved the order out of pending gives its stock back.
      if (failed.rowCount === 1) await client.query('UPDATE products SET stock = stock + $2 WHERE sku = $1', [order.sku, order.quantity]);
      await client.query(completeSql, [key, JSON.stringify(outcome)]);
    });
  }

  async complete(key: string, outcome: CheckoutOutcome): Promise<void> {
    await inStatement(this.#db, completeSql, [key, JSON.stringify(outcome)]);
  }

  async release(key: string): Promise<void> {
    await inStatement(
      this.#db,
      "UPDATE checkout_requests SET locked_until = clock_timestamp(), updated_at = clock_timestamp() WHERE idempotency_key = $1 AND state = 'in_progress'",
      [key],
    );
  }

  async findUnsettled(graceMs: number, limit: number): Promise<UnsettledClaim[]> {
    return (await inStatement<UnsettledClaim>(this.#db, findUnsettledSql, [graceMs, limit])).rows;
  }

  async abandon(key: string): Promise<void> {
    await inStatement(this.#db, "DELETE FROM checkout_requests WHERE idempotency_key = $1 AND state = 'in_progress' AND order_id IS NULL", [
      key,
    ]);
  }
}
