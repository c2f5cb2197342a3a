import { assertQuantity } from './money.js';

/** One checkout intent, as the client asked for it. */
export interface CheckoutRequest {
  readonly sku: string;
  readonly quantity: number;
  readonly customerId: string;
  /** Chosen by the client, one per intent, re-sent on every retry of that intent. */
  readonly idempotencyKey: string;
}

/** Checks what the transport schema cannot say (it only knows types and ranges). */
export function validateCheckoutRequest(request: CheckoutRequest): void {
  assertQuantity(request.quantity);
}

/**
 * The parameters that make two requests with one key the same intent. A retry must match the
 * original exactly; a key re-used for another purchase is refused rather than answered with
 * the first purchase's result.
 */
export function checkoutFingerprint(request: CheckoutRequest): string {
  return JSON.stringify([request.sku, request.quantity, request.customerId]);
}
