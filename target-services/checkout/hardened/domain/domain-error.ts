/** Every code a business rule can refuse with, and what it means (README.md lists the same). */
export const domainErrorCodes = {
  CHECKOUT_INVALID_QUANTITY: 'the quantity is not a whole number of units >= 1',
  CHECKOUT_INVALID_PRICE: 'a price is not whole cents between 1 and 99,999,999',
  CHECKOUT_AMOUNT_TOO_LARGE: 'price x quantity is more than one charge may be',
} as const;

export type DomainErrorCode = keyof typeof domainErrorCodes;

/** A business rule refused the input. Callers branch on `code`. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
