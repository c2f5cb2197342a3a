/*
 * The flash-sale checkout incident (sources 002, 003, 004), small: a stock-5 doorbuster, the
 * gateway and Redis behind the stack's Toxiproxy. Each naive signature on its own, then the
 * hardened variant under the same conditions.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { StackEndpoints } from '../../harness/infra/stack-types.js';
import { ClientObservations } from '../../target-services/checkout/contract/client-observations.js';
import type { CheckoutResponse, ErrorBody, OrderView } from '../../target-services/checkout/contract/http-contract.js';
import { stockBySkuSql } from '../../target-services/checkout/contract/invariant-queries.js';
import {
  findChargedNotConfirmed,
  findDuplicateCharges,
  findOversold,
  findStalePrices,
  type StockFact,
} from '../../target-services/checkout/contract/sale-findings.js';
import {
  directClient,
  hardenedApp,
  ledgerOf,
  naiveApp,
  orderFacts,
  seed,
  startGateway,
  startProxies,
  startStack,
} from './helpers/checkout-stack.js';

const checkoutOf = (sku: string, n: number, customer = `cust-${n}`) => ({
  sku,
  quantity: 1,
  customerId: customer,
  idempotencyKey: `checkout-test-${sku}-${n}`,
});

/** Sends a checkout and records the answer as the scenario's client does. */
async function checkout(app: FastifyInstance, body: ReturnType<typeof checkoutOf>, client?: ClientObservations) {
  client?.sent(body.idempotencyKey);
  const answer = await app.inject({ method: 'POST', url: '/checkout', payload: body });
  client?.checkoutAnswered({ status: answer.statusCode, headers: answer.headers as Record<string, string>, body: answer.body });
  return answer;
}

async function oversold(db: pg.Client) {
  return findOversold((await db.query<StockFact>(stockBySkuSql)).rows);
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stack(): Promise<{ urls: StackEndpoints; db: pg.Client; gatewayUrl: string }> {
  const urls = await startStack();
  await seed(urls);
  return { urls, db: await directClient(urls), gatewayUrl: await startGateway() };
}

describe('flash-sale checkout: naive reproduces the incident', () => {
  it('oversells a stock-5 doorbuster under concurrent checkouts: stock read, then written back', async () => {
    const { urls, db, gatewayUrl } = await stack();
    const app = naiveApp(urls, gatewayUrl);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, n) => checkout(app, checkoutOf('SKU-0001', n))));
    const sold = answers.filter((a) => a.statusCode === 201).length;
    expect(sold).toBeGreaterThan(5);
    const found = await oversold(db);
    expect(found.violations).toBe(sold - 5);
    expect(found.samples[0]).toMatchObject({ sku: 'SKU-0001', releasedStock: 5, unitsSold: sold });
  });

  it('charges twice when the gateway answers after the 1 s timeout: the slow first charge went through, the retry charged again', async () => {
    const { urls, db, gatewayUrl } = await stack();
    const proxies = await startProxies(urls, gatewayUrl);
    const app = naiveApp(urls, proxies.gatewayUrl);
    await proxies.addToxic('payment-gateway', { type: 'latency', attributes: { latency: 1_500 } }, 'slow-gateway');
    const answer = checkout(app, checkoutOf('SKU-0002', 1));
    // The first attempt is charged at once and answered late; once the retry is charged too, the
    // gateway speeds up again and the retry's answer arrives in time.
    await until(async () => (await ledgerOf(gatewayUrl)).length >= 2, 'the retry to reach the gateway');
    await proxies.removeToxic('payment-gateway', 'slow-gateway');
    const placed = await answer;
    expect(placed.statusCode).toBe(201);
    expect(placed.json<CheckoutResponse>()).toMatchObject({ status: 'confirmed', chargedCents: 4_999 });
    const ledger = await ledgerOf(gatewayUrl);
    expect(ledger.map((e) => [e.orderId, e.idempotencyKey, e.result])).toEqual([
      [placed.json<CheckoutResponse>().orderId, null, 'charged'],
      [placed.json<CheckoutResponse>().orderId, null, 'charged'],
    ]);
    expect(findDuplicateCharges(ledger, await orderFacts(db))).toMatchObject({ violations: 1, figures: { duplicateCents: 4_999 } });
  });

  it('charges three times and answers "payment failed" when every answer is late', async () => {
    const { urls, db, gatewayUrl } = await stack();
    const proxies = await startProxies(urls, gatewayUrl);
    const app = naiveApp(urls, proxies.gatewayUrl);
    await proxies.addToxic('payment-gateway', { type: 'latency', attributes: { latency: 1_100 } }, 'slow-gateway');
    const client = new ClientObservations();
    const failed = await checkout(app, checkoutOf('SKU-0002', 1), client);
    expect(failed.statusCode).toBe(502);
    expect(failed.json<ErrorBody>()).toMatchObject({ code: 'PAYMENT_FAILED', orderId: expect.stringMatching(/^ord_/) });
    const ledger = await ledgerOf(gatewayUrl);
    expect(ledger.filter((e) => e.result === 'charged')).toHaveLength(3);
    const orders = await orderFacts(db);
    expect(orders.map((o) => o.status)).toEqual(['failed']);
    expect(findDuplicateCharges(ledger, orders).violations).toBe(2);
    expect(findChargedNotConfirmed(ledger, orders, (key) => client.lastWord(key))).toMatchObject({
      violations: 1,
      figures: { chargedCents: 3 * 4_999, told_failed: 1 },
    });
  });

  it('tells a charged customer "failed" when the status read-back misses in a slow Redis (source 003)', async () => {
    const { urls, db, gatewayUrl } = await stack();
    const proxies = await startProxies(urls, gatewayUrl);
    const app = naiveApp(urls, gatewayUrl, proxies.redisUrl);
    // Commands reach Redis 400 ms late: the read-back gives up after 250 ms, a miss.
    await proxies.addToxic('redis', { type: 'latency', stream: 'upstream', attributes: { latency: 400 } }, 'slow-redis');
    const client = new ClientObservations();
    const placed = await checkout(app, checkoutOf('SKU-0002', 1), client);
    expect(placed.statusCode).toBe(201);
    expect(placed.json<CheckoutResponse>()).toMatchObject({ status: 'failed', chargedCents: 0 });
    const page = await app.inject({ method: 'GET', url: `/orders/${placed.json<CheckoutResponse>().orderId}` });
    expect(page.json<OrderView>().status).toBe('failed');
    const orders = await orderFacts(db);
    // The database and the gateway both know better.
    expect(orders.map((o) => o.status)).toEqual(['confirmed']);
    const ledger = await ledgerOf(gatewayUrl);
    expect(ledger.map((e) => e.result)).toEqual(['charged']);
    expect(findChargedNotConfirmed(ledger, orders, (key) => client.lastWord(key))).toMatchObject({
      violations: 1,
      figures: { chargedCents: 4_999, told_failed_status: 1 },
    });
  });

  it('charges the cached price after a price change made on another instance', async () => {
    const { urls, db, gatewayUrl } = await stack();
    const [a, b] = [naiveApp(urls, gatewayUrl), naiveApp(urls, gatewayUrl)];
    expect((await checkout(a, checkoutOf('SKU-0002', 1))).json<CheckoutResponse>().unitPriceCents).toBe(4_999);
    const changed = await b.inject({ method: 'POST', url: '/products/SKU-0002/price', payload: { priceCents: 3_999 } });
    expect(changed.json()).toMatchObject({ priceCents: 3_999, priceVersion: 2 });
    const stale = await checkout(a, checkoutOf('SKU-0002', 2));
    expect(stale.json<CheckoutResponse>()).toMatchObject({ unitPriceCents: 4_999, priceVersion: 1, chargedCents: 4_999 });
    const found = findStalePrices(await ledgerOf(gatewayUrl), await orderFacts(db));
    expect(found).toMatchObject({ violations: 1, figures: { overchargedCents: 1_000 } });
    expect(found.samples[0]).toMatchObject({ chargedUnitCents: 4_999, priceInForceCents: 3_999, versionInForce: 2 });
  });
});

describe('flash-sale checkout: hardened under the same conditions', () => {
  it('sells exactly the stock, charges the price in force, and turns concurrent retries of one key into one charge', async () => {
    const { urls, db, gatewayUrl } = await stack();
    const [a, b] = [hardenedApp(urls, gatewayUrl), hardenedApp(urls, gatewayUrl)];
    const rush = await Promise.all(Array.from({ length: 30 }, (_, n) => checkout(n % 2 ? a : b, checkoutOf('SKU-0001', n))));
    expect(rush.filter((r) => r.statusCode === 201)).toHaveLength(5);
    expect(rush.filter((r) => r.statusCode === 409 && r.json<ErrorBody>().code === 'SOLD_OUT')).toHaveLength(25);
    expect((await oversold(db)).violations).toBe(0);

    expect((await checkout(a, checkoutOf('SKU-0002', 1))).json<CheckoutResponse>().unitPriceCents).toBe(4_999);
    await b.inject({ method: 'POST', url: '/products/SKU-0002/price', payload: { priceCents: 3_999 } });
    expect((await checkout(a, checkoutOf('SKU-0002', 2))).json<CheckoutResponse>()).toMatchObject({
      unitPriceCents: 3_999,
      priceVersion: 2,
    });

    // A double tap and retries: ten requests with one key, on both instances at once.
    const same = checkoutOf('SKU-0002', 3);
    const retries = await Promise.all(Array.from({ length: 10 }, (_, n) => checkout(n % 2 ? a : b, same)));
    expect(new Set(retries.map((r) => `${r.statusCode} ${r.json<CheckoutResponse>().orderId}`)).size).toBe(1);
    expect(retries.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    const reused = await checkout(a, { ...same, sku: 'SKU-0001' });
    expect([reused.statusCode, reused.json<ErrorBody>().code]).toEqual([422, 'CHECKOUT_KEY_REUSED']);

    const ledger = await ledgerOf(gatewayUrl);
    const orders = await orderFacts(db);
    expect(ledger.filter((e) => e.result === 'charged')).toHaveLength(8);
    expect(findDuplicateCharges(ledger, orders).violations).toBe(0);
    expect(findStalePrices(ledger, orders).violations).toBe(0);
  });

  it('never charges twice nor answers "failed" for a charge when the gateway and Redis are slow', async () => {
    const { urls, db, gatewayUrl } = await stack();
    const proxies = await startProxies(urls, gatewayUrl);
    const patient = hardenedApp(urls, proxies.gatewayUrl, { redisUrl: proxies.redisUrl });
    const hasty = hardenedApp(urls, proxies.gatewayUrl, {
      redisUrl: proxies.redisUrl,
      settings: { charge: { attempts: 3, attemptTimeoutMs: 300, budgetMs: 1_500, baseDelayMs: 20, maxDelayMs: 50 } },
    });
    const client = new ClientObservations();
    await proxies.addToxic('payment-gateway', { type: 'latency', attributes: { latency: 1_100 } }, 'slow-gateway');
    await proxies.addToxic('redis', { type: 'latency', stream: 'upstream', attributes: { latency: 400 } }, 'slow-redis');

    // Slow but within the attempt timeout: one attempt, confirmed.
    const slow = await checkout(patient, checkoutOf('SKU-0002', 1), client);
    expect([slow.statusCode, slow.json<CheckoutResponse>().status]).toEqual([201, 'confirmed']);

    // Every attempt times out: the same gateway key each time, so one charge; the outcome is
    // unknown and the answer says so (202 pending), never "failed".
    const unknown = await checkout(hasty, checkoutOf('SKU-0002', 2), client);
    expect([unknown.statusCode, unknown.json<CheckoutResponse>().status]).toEqual([202, 'pending']);
    const orderId = unknown.json<CheckoutResponse>().orderId;
    const page = await patient.inject({ method: 'GET', url: `/orders/${orderId}` });
    expect(page.json<OrderView>().status).toBe('pending');

    // The client retries with its key once the gateway is back: the charge is replayed, not repeated.
    await proxies.removeToxic('payment-gateway', 'slow-gateway');
    const resumed = await checkout(hasty, checkoutOf('SKU-0002', 2), client);
    expect(resumed.statusCode).toBe(201);
    expect(resumed.json<CheckoutResponse>()).toMatchObject({ orderId, status: 'confirmed', chargedCents: 4_999 });
    // Redis is still 400 ms late: the order page reads the database instead.
    const confirmed = await patient.inject({ method: 'GET', url: `/orders/${orderId}` });
    expect(confirmed.json<OrderView>().status).toBe('confirmed');

    const ledger = await ledgerOf(gatewayUrl);
    expect(ledger.filter((e) => e.orderId === orderId && e.result === 'charged')).toHaveLength(1);
    expect(ledger.filter((e) => e.orderId === orderId && e.result === 'replayed').length).toBeGreaterThanOrEqual(1);
    const orders = await orderFacts(db);
    expect(findDuplicateCharges(ledger, orders).violations).toBe(0);
    expect(findChargedNotConfirmed(ledger, orders, (key) => client.lastWord(key))).toMatchObject({
      violations: 0,
      figures: { chargedIntents: 2 },
    });
  });
});
