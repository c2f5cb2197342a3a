import type { Order, OrderStatus } from '../domain/order.js';

/** What the customer is told about their order (the contract's checkout answer). */
export interface CheckoutReceipt {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly chargedCents: number;
  readonly unitPriceCents: number;
  readonly priceVersion: number;
  readonly sku: string;
  readonly quantity: number;
}

/**
 * What a checkout intent came to. Stored with its idempotency key once final, and replayed
 * as is to every later request with that key.
 */
export type CheckoutOutcome =
  | { readonly kind: 'order'; readonly receipt: CheckoutReceipt }
  | { readonly kind: 'sold-out'; readonly sku: string };

export function receiptOf(order: Order, status: OrderStatus, chargedCents: number): CheckoutReceipt {
  return {
    orderId: order.id,
    status,
    chargedCents,
    unitPriceCents: order.unitPriceCents,
    priceVersion: order.priceVersion,
    sku: order.sku,
    quantity: order.quantity,
  };
}
