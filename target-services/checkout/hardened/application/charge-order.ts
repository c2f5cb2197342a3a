import type { ChargeOutcome } from '../domain/charge-outcome.js';
import { chargeKeyOf, type Order } from '../domain/order.js';
import { nextAttempt, type RetryBudget } from '../domain/retry-budget.js';
import type { PaymentGateway } from './ports/payment-gateway.js';

export interface ChargeOrderDeps {
  readonly gateway: PaymentGateway;
  readonly budget: RetryBudget;
  /** Aborted on shutdown: no new attempt starts, the one in flight is cut (its outcome: unknown). */
  readonly shutdown: AbortSignal;
  readonly random?: () => number;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Charges an order: attempts with a timeout each, jittered pauses between them, all within the
 * budget, and the order's own gateway key on every one of them, so a retry after a timeout (the
 * first attempt may well have gone through) can never charge twice.
 */
export class ChargeOrder {
  readonly #deps: ChargeOrderDeps;

  constructor(deps: ChargeOrderDeps) {
    this.#deps = deps;
  }

  async execute(order: Order): Promise<ChargeOutcome> {
    const { gateway, budget, shutdown } = this.#deps;
    const random = this.#deps.random ?? Math.random;
    const started = Date.now();
    const call = { orderId: order.id, amountCents: order.amountCents, customerId: order.customerId };
    let last: ChargeOutcome = { kind: 'unknown', reason: 'no attempt fitted in the budget' };
    for (let made = 0; made < budget.attempts; made++) {
      const next = nextAttempt(budget, made, Date.now() - started, random);
      if (next.kind === 'stop') break;
      if (next.delayMs > 0) await pause(next.delayMs, shutdown);
      if (shutdown.aborted) return { kind: 'unknown', reason: 'the service is shutting down' };
      last = await gateway.charge(call, chargeKeyOf(order.id), next.timeoutMs, shutdown);
      if (last.kind !== 'unknown') return last;
    }
    return last;
  }
}
