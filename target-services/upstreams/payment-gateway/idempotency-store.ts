import type { Charge, ChargeRequest } from './gateway-contract.js';

/** What a key was first used for, and the charge that request made. */
interface StoredCharge {
  readonly fingerprint: string;
  readonly charge: Charge;
}

export type KeyLookup =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly charge: Charge }
  | { readonly kind: 'reused'; readonly original: string };

/** The parameters that make two requests "the same operation" (Stripe compares them all). */
export function fingerprintOf(request: ChargeRequest): string {
  return JSON.stringify([request.orderId, request.amountCents, request.customerId, request.currency ?? 'usd']);
}

/**
 * Idempotency keys and the result each one produced. The gateway handles a charge within one
 * turn of the event loop (it never waits: Toxiproxy adds its latency), so a key is stored before
 * the next request with it can be looked at, and "in progress" never has to be answered.
 * Keys live until a ledger reset: a run lasts minutes, Stripe keeps them for 24 hours.
 */
export class IdempotencyStore {
  #byKey = new Map<string, StoredCharge>();

  lookup(key: string, request: ChargeRequest): KeyLookup {
    const stored = this.#byKey.get(key);
    if (!stored) return { kind: 'new' };
    if (stored.fingerprint !== fingerprintOf(request)) return { kind: 'reused', original: stored.fingerprint };
    return { kind: 'replay', charge: stored.charge };
  }

  /** The charge a key made, whatever the parameters of a later request. */
  chargeOf(key: string): Charge | undefined {
    return this.#byKey.get(key)?.charge;
  }

  remember(key: string, request: ChargeRequest, charge: Charge): void {
    this.#byKey.set(key, { fingerprint: fingerprintOf(request), charge });
  }

  clear(): void {
    this.#byKey.clear();
  }
}
