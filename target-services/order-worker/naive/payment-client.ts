/*
 * The payment client as shipped (source 002): no idempotency key and no timeout, so a slow provider
 * holds the charge as long as it likes. To the letter: the missing key. Interpreted: the missing
 * timeout (the story only says the processor was slow).
 */
import type { ServiceMetrics } from '../../shared/service-metrics.js';
import type { Charge } from '../../upstreams/payment-gateway/gateway-contract.js';

/** The gateway refused or failed a charge. */
export class PaymentFailedError extends Error {
  override readonly name = 'PaymentFailedError';
  readonly code = 'PAYMENT_FAILED';
}

export interface ChargeParams {
  readonly orderId: string;
  readonly amountCents: number;
  readonly customerId: string;
}

/** Client for the payment provider. */
export interface PaymentClient {
  /** Charges the customer's card for the order. */
  charge(params: ChargeParams): Promise<Charge>;
}

export function createPaymentClient(baseUrl: string, metrics: ServiceMetrics): PaymentClient {
  return {
    async charge(params) {
      return metrics.trackUpstream('payment-gateway', async () => {
        const response = await fetch(`${baseUrl}/charges`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(params),
        });
        if (!response.ok) throw new PaymentFailedError(`Payment gateway responded with ${response.status}`);
        return (await response.json()) as Charge;
      });
    },
  };
}
