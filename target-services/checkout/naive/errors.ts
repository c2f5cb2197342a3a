/*
 * Naive checkout's errors: no part of the story (see checkout.ts); PAYMENT_FAILED after the
 * gateway client's retries is what a customer charged by a timed-out attempt is told.
 */

/** Thrown when the SKU does not exist. */
export class ProductNotFoundError extends Error {
  override readonly name = 'ProductNotFoundError';
  readonly code = 'PRODUCT_NOT_FOUND';
  readonly statusCode = 404;

  constructor(readonly sku: string) {
    super(`Product ${sku} not found`);
  }
}

/** Thrown when there is not enough stock left for the order. */
export class SoldOutError extends Error {
  override readonly name = 'SoldOutError';
  readonly code = 'SOLD_OUT';
  readonly statusCode = 409;

  constructor(readonly sku: string) {
    super(`${sku} is sold out`);
  }
}

/** Thrown when the payment could not be completed; the order is marked failed. */
export class PaymentFailedError extends Error {
  override readonly name = 'PaymentFailedError';
  readonly code = 'PAYMENT_FAILED';
  readonly statusCode = 502;

  constructor(
    readonly orderId: string,
    options?: { cause?: unknown },
  ) {
    super(`Payment for order ${orderId} failed`, options);
  }
}

/** Thrown when an order id does not exist. */
export class OrderNotFoundError extends Error {
  override readonly name = 'OrderNotFoundError';
  readonly code = 'ORDER_NOT_FOUND';
  readonly statusCode = 404;

  constructor(orderId: string) {
    super(`Order ${orderId} not found`);
  }
}
