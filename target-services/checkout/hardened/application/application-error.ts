/** Every code a use case can fail with, and what it means (README.md lists the same). */
export const applicationErrorCodes = {
  CHECKOUT_PRODUCT_NOT_FOUND: 'no product has this SKU',
  CHECKOUT_ORDER_NOT_FOUND: 'no order has this id',
  CHECKOUT_KEY_REUSED: 'the idempotency key was first used for another purchase (other SKU, quantity or customer)',
  CHECKOUT_IN_PROGRESS: 'another request with this idempotency key is still being processed; retry later for its outcome',
  CHECKOUT_DB_BUSY: 'no database connection became free within the acquisition timeout',
  CHECKOUT_DB_FAILED: 'the database failed before anything was charged (a failure after a charge is answered 202 pending)',
} as const;

export type ApplicationErrorCode = keyof typeof applicationErrorCodes;

/** A use case could not complete. Callers branch on `code`; `cause` keeps the driver's error. */
export class ApplicationError extends Error {
  override readonly name = 'ApplicationError';
  readonly code: ApplicationErrorCode;

  constructor(code: ApplicationErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
