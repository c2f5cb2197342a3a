import type { ChargeLookup } from '../../domain/charge-outcome.js';

/**
 * Asks the payment provider what became of a gateway idempotency key, without charging. Never
 * throws: a timeout, a broken connection or a "try again" answer is `unknown`.
 */
export interface ChargeLookupPort {
  findCharge(idempotencyKey: string, timeoutMs: number, signal: AbortSignal): Promise<ChargeLookup>;
}
