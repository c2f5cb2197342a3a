/**
 * SQL for the flash-sale invariants, run against PostgreSQL after a run (directly, not through
 * PgBouncer, so a saturated pooler cannot hide the answer).
 */

/** Per SKU: units put on sale, units left, and units promised to customers (orders not failed). */
export const stockBySkuSql = `
SELECT p.sku, p.released_stock AS "releasedStock", p.stock,
       COALESCE(SUM(o.quantity) FILTER (WHERE o.status IN ('pending', 'confirmed')), 0)::int AS "unitsSold"
FROM products p LEFT JOIN orders o ON o.sku = p.sku
GROUP BY p.sku, p.released_stock, p.stock
ORDER BY p.sku`;

/**
 * Every order, with the price in force when it was created: the latest price version whose
 * `valid_from` (the moment the price change took the product row) is not after the order's
 * `created_at`.
 */
export const ordersWithPriceInForceSql = `
SELECT o.id, o.idempotency_key AS "idempotencyKey", o.sku, o.quantity, o.status,
       o.unit_price_cents AS "unitPriceCents", o.price_version AS "priceVersion", o.created_at AS "createdAt",
       h.price_cents AS "priceInForceCents", h.price_version AS "versionInForce"
FROM orders o
LEFT JOIN LATERAL (
  SELECT price_cents, price_version FROM product_prices
  WHERE sku = o.sku AND valid_from <= o.created_at
  ORDER BY valid_from DESC LIMIT 1
) h ON true
ORDER BY o.created_at`;

/** Orders whose outcome is not settled yet. */
export const pendingOrdersSql = `SELECT count(*)::int AS pending FROM orders WHERE status = 'pending'`;
