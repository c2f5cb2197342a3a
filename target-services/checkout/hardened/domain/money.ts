import { DomainError } from './domain-error.js';

/** The largest single charge the gateway takes ($999,999.99), in cents. */
export const maxChargeCents = 99_999_999;

/** A price is whole cents, at least one, at most one charge. */
export function assertPriceCents(cents: number): void {
  if (!Number.isInteger(cents) || cents < 1 || cents > maxChargeCents) {
    throw new DomainError('CHECKOUT_INVALID_PRICE', `a price must be whole cents in 1..${maxChargeCents}, got ${cents}`);
  }
}

/** A quantity is a whole number of units, at least one. */
export function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new DomainError('CHECKOUT_INVALID_QUANTITY', `quantity must be a whole number >= 1, got ${quantity}`);
  }
}

/** What an order costs: unit price times quantity, exact in integer cents, within one charge. */
export function orderAmountCents(unitPriceCents: number, quantity: number): number {
  assertPriceCents(unitPriceCents);
  assertQuantity(quantity);
  const amount = unitPriceCents * quantity;
  if (amount > maxChargeCents) {
    throw new DomainError('CHECKOUT_AMOUNT_TOO_LARGE', `${quantity} x ${unitPriceCents} cents is more than one charge may be`);
  }
  return amount;
}
