import type { ChargeOutcome } from '../../domain/charge-outcome.js';

export interface ChargeCall {
  readonly orderId: string;
  readonly amountCents: number;
  readonly customerId: string;
}

/**
 * The payment provider. One attempt, never throws: a timeout, a broken connection, an abort or a
 * "try again" answer is an `unknown` outcome, never a failure.
 */
export interface PaymentGateway {
  charge(call: ChargeCall, idempotencyKey: string, timeoutMs: number, signal: AbortSignal): Promise<ChargeOutcome>;
}
