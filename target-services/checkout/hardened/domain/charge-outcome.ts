import type { Order, OrderStatus } from './order.js';

/** What one charge attempt, or a whole retried charge, came to. */
export type ChargeOutcome =
  /** The gateway says the money moved (a replay of an earlier attempt says so too). */
  | { readonly kind: 'charged'; readonly chargeId: string }
  /** The gateway refused for good (a 4xx that is not "try again"): no money moved. */
  | { readonly kind: 'declined'; readonly reason: string }
  /** No answer, or "try again": the charge may or may not have happened. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** What the order becomes, and what the customer is told was charged. */
export interface Settlement {
  readonly status: OrderStatus;
  readonly chargedCents: number;
}

/**
 * Settles an order from its charge outcome. The rule the incident broke: an unknown outcome is
 * never a failure. The order stays pending (with its stock), the customer is told so, and a
 * retry with the same key finds out, because the gateway key makes charging again harmless.
 */
export function settle(order: Pick<Order, 'amountCents'>, outcome: ChargeOutcome): Settlement {
  switch (outcome.kind) {
    case 'charged':
      return { status: 'confirmed', chargedCents: order.amountCents };
    case 'declined':
      // No money moved: the order fails and (see CheckoutStore.fail) its stock goes back on sale.
      return { status: 'failed', chargedCents: 0 };
    case 'unknown':
      // The order keeps its stock: the charge may have gone through.
      return { status: 'pending', chargedCents: 0 };
  }
}

/** Gateway answers worth another attempt: a timeout, a broken connection, 409 (key in use), 429, 5xx. */
export function isRetryableGatewayStatus(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

/**
 * What the gateway says when asked about an order's gateway key without charging (the
 * reconciler's question after an unknown outcome).
 */
export type ChargeLookup =
  /** The gateway made a charge with the key: the money moved. */
  | { readonly kind: 'charged'; readonly chargeId: string }
  /** The gateway never processed a charge with the key: charging it now is the first charge. */
  | { readonly kind: 'not-found' }
  /** No answer, or a "try again": still unknown, ask again later. */
  | { readonly kind: 'unknown'; readonly reason: string };
