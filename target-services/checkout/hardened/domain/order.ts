export type OrderStatus = 'pending' | 'confirmed' | 'failed';

/** An order as the checkout rules see it: stock is reserved for it from the moment it exists. */
export interface Order {
  readonly id: string;
  readonly sku: string;
  readonly quantity: number;
  readonly customerId: string;
  /** The price in force when its stock was taken (read in the same statement). */
  readonly unitPriceCents: number;
  readonly priceVersion: number;
  readonly amountCents: number;
  readonly status: OrderStatus;
}

/** An order leaves pending once, to confirmed or failed, and never moves again. */
export function isSettled(status: OrderStatus): boolean {
  return status !== 'pending';
}

/**
 * The gateway's idempotency key for an order's charge. One per order, not per attempt: whoever
 * retries the charge (this request after a timeout, or a later request resuming the checkout),
 * the gateway charges the order at most once.
 */
export function chargeKeyOf(orderId: string): string {
  return `charge-${orderId}`;
}
