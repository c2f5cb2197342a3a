import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type {
  CheckoutResponse,
  ErrorBody,
  OrderView,
  PriceChangeResponse,
  ProductView,
} from '../../target-services/checkout/contract/http-contract.js';
import { serviceMetricNames } from '../../target-services/shared/service-metrics.js';
import { hardenedApp, ledgerOf, listen, naiveApp, seed, startGateway, startStack } from './helpers/checkout-stack.js';

const variants = { naive: naiveApp, hardened: hardenedApp } as const;

const checkoutBody = (over: Record<string, unknown> = {}) => ({
  sku: 'SKU-0002',
  quantity: 2,
  customerId: 'cust-1',
  idempotencyKey: 'checkout-contract-1',
  ...over,
});

const checkout = (app: FastifyInstance, body: unknown) => app.inject({ method: 'POST', url: '/checkout', payload: body as object });

describe.each(Object.keys(variants) as (keyof typeof variants)[])('checkout %s: the HTTP contract', (variant) => {
  it('checks out, shows the order and the product, changes a price, and answers sold out and bad input as the contract says', async () => {
    const urls = await startStack();
    await seed(urls);
    const gatewayUrl = await startGateway();
    const app = variants[variant](urls, gatewayUrl);

    const placed = await checkout(app, checkoutBody());
    expect(placed.statusCode).toBe(201);
    expect(placed.headers['idempotency-key']).toBe('checkout-contract-1');
    const receipt = placed.json<CheckoutResponse>();
    expect(receipt).toEqual({
      orderId: expect.stringMatching(/^ord_/),
      status: 'confirmed',
      chargedCents: 9_998,
      unitPriceCents: 4_999,
      priceVersion: 1,
      sku: 'SKU-0002',
      quantity: 2,
    });
    const ledger = await ledgerOf(gatewayUrl);
    expect(ledger.map((e) => [e.orderId, e.amountCents, e.result])).toEqual([[receipt.orderId, 9_998, 'charged']]);
    // Only the hardened variant names the operation to the gateway.
    expect(ledger[0]?.idempotencyKey).toBe(variant === 'hardened' ? `charge-${receipt.orderId}` : null);

    const shown = await app.inject({ method: 'GET', url: `/orders/${receipt.orderId}` });
    expect(shown.json<OrderView>()).toEqual({
      orderId: receipt.orderId,
      status: 'confirmed',
      sku: 'SKU-0002',
      quantity: 2,
      customerId: 'cust-1',
      unitPriceCents: 4_999,
      amountCents: 9_998,
      createdAt: expect.any(String),
    });
    expect((await app.inject({ method: 'GET', url: '/orders/ord_nope' })).statusCode).toBe(404);

    const product = await app.inject({ method: 'GET', url: '/products/SKU-0001' });
    expect(product.json<ProductView>()).toEqual({
      sku: 'SKU-0001',
      name: 'Console Pro (doorbuster)',
      priceCents: 29_999,
      priceVersion: 1,
      stock: 5,
    });
    const repriced = await app.inject({ method: 'POST', url: '/products/SKU-0001/price', payload: { priceCents: 24_999 } });
    expect(repriced.json<PriceChangeResponse>()).toEqual({ sku: 'SKU-0001', priceCents: 24_999, priceVersion: 2 });
    expect((await app.inject({ method: 'POST', url: '/products/SKU-0404/price', payload: { priceCents: 1 } })).statusCode).toBe(404);

    const soldOut = await checkout(app, checkoutBody({ sku: 'SKU-0003', idempotencyKey: 'checkout-contract-2' }));
    expect(soldOut.statusCode).toBe(409);
    expect(soldOut.headers['idempotency-key']).toBe('checkout-contract-2');
    expect(soldOut.json<ErrorBody>()).toMatchObject({ code: 'SOLD_OUT', sku: 'SKU-0003' });

    const unknown = await checkout(app, checkoutBody({ sku: 'SKU-0404', idempotencyKey: 'checkout-contract-3' }));
    expect(unknown.statusCode).toBe(404);
    for (const bad of [checkoutBody({ quantity: 0 }), checkoutBody({ idempotencyKey: 'short' }), checkoutBody({ sku: 'no spaces' }), {}]) {
      expect((await checkout(app, bad)).statusCode).toBe(400);
    }
    expect((await ledgerOf(gatewayUrl)).length).toBe(1);
  });

  it('serves a checkout, /healthz and /metrics over a real socket', async () => {
    const urls = await startStack();
    await seed(urls);
    const base = await listen(variants[variant](urls, await startGateway()));
    const placed = await fetch(`${base}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(checkoutBody({ quantity: 1 })),
    });
    expect(placed.status).toBe(201);
    expect(placed.headers.get('idempotency-key')).toBe('checkout-contract-1');
    expect(((await placed.json()) as CheckoutResponse).status).toBe('confirmed');
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const name of serviceMetricNames) expect(metrics).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    expect(metrics).toMatch(/^service_upstream_calls_total\{upstream="payment-gateway"\} 1$/m);
    expect(metrics).toMatch(/^service_http_requests_total\{route="\/checkout",status="201"\} 1$/m);
  });
});
