import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import { type Charge, idempotencyKeyHeader, replayedHeader } from '../../../../upstreams/payment-gateway/gateway-contract.js';
import { correlationIdHeader } from '../../../contract/http-contract.js';
import { ApplicationError } from '../../application/application-error.js';
import type { ChargeCommand, PaymentGateway } from '../../application/ports/payment-gateway.js';

/**
 * The payment gateway over HTTP, every charge with the order's idempotency key and the message's
 * correlation id. A timeout or a 5xx is transient (the queue retries, and the key makes the retry
 * safe even when the first attempt did charge); a 4xx is permanent.
 */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly metrics: ServiceMetrics,
  ) {}

  charge(command: ChargeCommand, signal?: AbortSignal): Promise<{ chargeId: string; replayed: boolean }> {
    return this.metrics.trackUpstream('payment-gateway', () => this.#call(command, signal));
  }

  async #call(command: ChargeCommand, shutdown?: AbortSignal): Promise<{ chargeId: string; replayed: boolean }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = shutdown ? AbortSignal.any([timeout, shutdown]) : timeout;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/charges`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [idempotencyKeyHeader]: command.idempotencyKey,
          [correlationIdHeader]: command.correlationId,
        },
        body: JSON.stringify({
          orderId: command.orderId,
          amountCents: command.amountCents,
          customerId: command.customerId,
          currency: 'usd',
        }),
        signal,
      });
    } catch (err) {
      if (shutdown?.aborted) throw new ApplicationError('ORDER_WORKER_CANCELLED', 'the worker is stopping', { cause: err });
      if (timeout.aborted)
        throw new ApplicationError('ORDER_WORKER_GATEWAY_TIMEOUT', `no answer within ${this.timeoutMs} ms`, { cause: err });
      throw new ApplicationError('ORDER_WORKER_GATEWAY_FAILED', `no answer from the gateway: ${(err as Error).message}`, { cause: err });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
      throw new ApplicationError(
        permanent ? 'ORDER_WORKER_GATEWAY_REFUSED' : 'ORDER_WORKER_GATEWAY_FAILED',
        `the gateway answered ${response.status}: ${text.slice(0, 200)}`,
        { kind: permanent ? 'permanent' : 'transient' },
      );
    }
    const charge = (await response.json()) as Charge;
    return { chargeId: charge.id, replayed: response.headers.get(replayedHeader) === 'true' };
  }
}
