import type { OrderStatus, OrderView } from './http-contract.js';

/** The columns `GET /orders/:id` answers with, in one place for both variants. */
export const orderViewColumns = 'id, status, sku, quantity, customer_id, unit_price_cents, amount_cents, created_at';

/** An `orders` row as pg returns it for `orderViewColumns`. */
export interface OrderRow {
  readonly id: string;
  readonly status: OrderStatus;
  readonly sku: string;
  readonly quantity: number;
  readonly customer_id: string;
  readonly unit_price_cents: number;
  readonly amount_cents: number;
  readonly created_at: Date;
}

/** The view of a row; `status` is passed apart because the naive variant takes it from Redis. */
export function orderViewOf(row: OrderRow, status: OrderStatus = row.status): OrderView {
  return {
    orderId: row.id,
    status,
    sku: row.sku,
    quantity: row.quantity,
    customerId: row.customer_id,
    unitPriceCents: row.unit_price_cents,
    amountCents: row.amount_cents,
    createdAt: row.created_at.toISOString(),
  };
}
