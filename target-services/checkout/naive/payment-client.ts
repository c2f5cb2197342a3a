import type { FastifyBaseLogger } from 'fastify';
import type { ServiceMetrics } from '../../shared/service-metrics.js';
import type { Charge, ChargeRequest } from '../../upstreams/payment-gateway/gateway-contract.js';

/*
 * Naive: interpreted. No source shows this client; a 1 s timeout retried without an idempotency
 * key is our reading of source 004's non-idempotent business operation (see checkout.ts).
 */
// The gateway answers in ~300 ms at p99; a call still open after a second is a hung connection.
const chargeTimeoutMs = 1000;
// A retry almost always goes through when the gateway has a slow moment (October load test).
const maxAttempts = 3;

/** Thrown when the gateway refused the charge or could not be reached after retrying. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code = 'GATEWAY_ERROR';
}

/** Client for the payment provider's charges endpoint. */
export function createPaymentClient(baseUrl: string, metrics: ServiceMetrics, logger: FastifyBaseLogger) {
  async function post(request: ChargeRequest): Promise<Charge> {
    return metrics.trackUpstream('payment-gateway', async () => {
      const response = await fetch(`${baseUrl}/charges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(chargeTimeoutMs),
      });
      if (!response.ok) throw new GatewayError(`Payment gateway responded with ${response.status}`);
      return (await response.json()) as Charge;
    });
  }

  /**
   * Charges the customer for an order.
   * @returns the gateway's charge.
   * @throws GatewayError when the charge did not go through.
   */
  async function charge(request: ChargeRequest): Promise<Charge> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await post(request);
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        if (timedOut && attempt < maxAttempts) {
          logger.warn({ orderId: request.orderId, attempt }, 'Payment gateway timed out, retrying');
          continue;
        }
        if (error instanceof GatewayError) throw error;
        throw new GatewayError(`Payment gateway call failed: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  return { charge };
}

export type PaymentClient = ReturnType<typeof createPaymentClient>;
