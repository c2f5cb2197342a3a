import type { ServiceMetrics } from '../../../../shared/service-metrics.js';
import { type Charge, chargeByKeyPath, idempotencyKeyHeader } from '../../../../upstreams/payment-gateway/gateway-contract.js';
import type { ChargeLookupPort } from '../../application/ports/charge-lookup.js';
import type { ChargeCall, PaymentGateway } from '../../application/ports/payment-gateway.js';
import { type ChargeLookup, type ChargeOutcome, isRetryableGatewayStatus } from '../../domain/charge-outcome.js';

/**
 * The payment gateway over HTTP (Node's fetch, i.e. undici), every call with an idempotency key.
 * Each attempt has its own timeout, and shutdown cuts it down to the socket; either way the
 * outcome is "unknown", because the gateway may have charged before the answer was lost.
 * The same rules hold for a lookup by key (the reconciler's question), which never charges.
 */
export class HttpPaymentGateway implements PaymentGateway, ChargeLookupPort {
  readonly #baseUrl: string;
  readonly #metrics: ServiceMetrics;

  constructor(baseUrl: string, metrics: ServiceMetrics) {
    this.#baseUrl = baseUrl;
    this.#metrics = metrics;
  }

  charge(call: ChargeCall, idempotencyKey: string, timeoutMs: number, signal: AbortSignal): Promise<ChargeOutcome> {
    return this.#metrics.trackUpstream('payment-gateway', () =>
      this.#bounded(timeoutMs, signal, (bounded) => this.#call(call, idempotencyKey, bounded)),
    );
  }

  findCharge(idempotencyKey: string, timeoutMs: number, signal: AbortSignal): Promise<ChargeLookup> {
    return this.#metrics.trackUpstream('payment-gateway', () =>
      this.#bounded(timeoutMs, signal, (bounded) => this.#lookup(idempotencyKey, bounded)),
    );
  }

  async #bounded<T>(timeoutMs: number, shutdown: AbortSignal, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    // Combined by hand rather than with AbortSignal.any: the shutdown signal lives as long as the
    // process, and the listener each attempt adds to it is removed when the attempt ends.
    const controller = new AbortController();
    const onShutdown = () => controller.abort(shutdown.reason);
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    shutdown.addEventListener('abort', onShutdown, { once: true });
    if (shutdown.aborted) onShutdown();
    try {
      return await run(controller.signal);
    } finally {
      clearTimeout(timer);
      shutdown.removeEventListener('abort', onShutdown);
    }
  }

  async #call(call: ChargeCall, idempotencyKey: string, signal: AbortSignal): Promise<ChargeOutcome> {
    let response: Response;
    try {
      response = await fetch(`${this.#baseUrl}/charges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [idempotencyKeyHeader]: idempotencyKey },
        body: JSON.stringify({ ...call, currency: 'usd' }),
        signal,
      });
    } catch (err) {
      return { kind: 'unknown', reason: `no answer from the gateway: ${(err as Error).message}` };
    }
    if (isRetryableGatewayStatus(response.status)) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'unknown', reason: `the gateway answered ${response.status}` };
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      return { kind: 'declined', reason: `the gateway refused with ${response.status}: ${text.slice(0, 200)}` };
    }
    try {
      const charge = (await response.json()) as Charge;
      if (typeof charge.id !== 'string' || charge.id === '') return { kind: 'unknown', reason: 'the gateway answered without a charge id' };
      return { kind: 'charged', chargeId: charge.id };
    } catch (err) {
      // The body was cut mid-way (a timeout, a reset): the charge may have happened.
      return { kind: 'unknown', reason: `the gateway's answer was cut: ${(err as Error).message}` };
    }
  }

  async #lookup(idempotencyKey: string, signal: AbortSignal): Promise<ChargeLookup> {
    let response: Response;
    try {
      response = await fetch(`${this.#baseUrl}${chargeByKeyPath(idempotencyKey)}`, { signal });
    } catch (err) {
      return { kind: 'unknown', reason: `no answer from the gateway: ${(err as Error).message}` };
    }
    if (response.status === 404) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'not-found' };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'unknown', reason: `the gateway answered ${response.status}` };
    }
    try {
      const charge = (await response.json()) as Charge;
      if (typeof charge.id !== 'string' || charge.id === '') return { kind: 'unknown', reason: 'the gateway answered without a charge id' };
      return { kind: 'charged', chargeId: charge.id };
    } catch (err) {
      return { kind: 'unknown', reason: `the gateway's answer was cut: ${(err as Error).message}` };
    }
  }
}
