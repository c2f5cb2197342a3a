/*
 * The hardened reconciler: an order whose charge outcome stayed unknown, and whose customer never
 * retried, is settled in the background by asking the gateway about the order's gateway key.
 * Real stack, real gateway behind the stack's Toxiproxy; nobody sends the checkout again.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../target-services/checkout/contract/http-contract.js';
import { type HardenedSettings, hardenedSettingsFromEnv } from '../../target-services/checkout/hardened/settings.js';
import { directClient, hardenedApp, ledgerOf, seed, startGateway, startProxies, startStack } from './helpers/checkout-stack.js';

/** Attempts that give up fast, and a reconciler that looks every 100 ms at keys released 200 ms ago. */
const hasty: Partial<HardenedSettings> = {
  charge: { attempts: 2, attemptTimeoutMs: 300, budgetMs: 800, baseDelayMs: 20, maxDelayMs: 50 },
  reconcile: { intervalMs: 100, graceMs: 200, batch: 20 },
};

const body = (n: number) => ({ sku: 'SKU-0001', quantity: 1, customerId: `cust-${n}`, idempotencyKey: `checkout-reconcile-${n}` });

async function orderRow(db: pg.Client, orderId: string) {
  const { rows } = await db.query<{ status: string; charge_id: string | null; state: string }>(
    `SELECT o.status, o.charge_id, r.state FROM orders o JOIN checkout_requests r ON r.order_id = o.id WHERE o.id = $1`,
    [orderId],
  );
  return rows[0];
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 8_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function setUp() {
  const urls = await startStack();
  await seed(urls);
  const gatewayUrl = await startGateway();
  const proxies = await startProxies(urls, gatewayUrl);
  const db = await directClient(urls);
  const app = hardenedApp(urls, proxies.gatewayUrl, { settings: hasty });
  return { db, gatewayUrl, proxies, app };
}

describe('hardened checkout: the reconciler settles unknown outcomes nobody retries', () => {
  it('confirms from the gateway lookup an order whose charge went through but whose answers were lost, charging nothing again', async () => {
    const { db, gatewayUrl, proxies, app } = await setUp();
    // Answers 1.1 s late: the charge is made at once, every attempt (and lookup) times out first.
    await proxies.addToxic('payment-gateway', { type: 'latency', attributes: { latency: 1_100 } }, 'slow-answers');
    const answer = await app.inject({ method: 'POST', url: '/checkout', payload: body(1) });
    expect([answer.statusCode, answer.json<CheckoutResponse>().status]).toEqual([202, 'pending']);
    const { orderId } = answer.json<CheckoutResponse>();
    // While the gateway stays slow, lookups time out too: the order stays pending, never failed.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await orderRow(db, orderId)).toMatchObject({ status: 'pending', state: 'in_progress' });

    await proxies.removeToxic('payment-gateway', 'slow-answers');
    const settled = await until(
      () => orderRow(db, orderId),
      (row) => row?.status !== 'pending',
      'the reconciler to settle the order',
    );
    const ledger = (await ledgerOf(gatewayUrl)).filter((e) => e.orderId === orderId);
    const charge = ledger.find((e) => e.result === 'charged');
    expect(settled).toEqual({ status: 'confirmed', charge_id: charge?.chargeId, state: 'completed' });
    // One charge, and the reconciler sent no charge request at all: it asked, it did not retry.
    expect(ledger.filter((e) => e.result === 'charged')).toHaveLength(1);
    expect(ledger.filter((e) => e.result === 'replayed').length).toBe(ledger.length - 1);
    expect(ledger.length).toBeLessThanOrEqual(hasty.charge?.attempts ?? 0);
    // The customer's retry now gets the settled outcome, replayed.
    const again = await app.inject({ method: 'POST', url: '/checkout', payload: body(1) });
    expect([again.statusCode, again.json<CheckoutResponse>().status, again.headers['idempotent-replayed']]).toEqual([
      201,
      'confirmed',
      'true',
    ]);
  });

  it('charges, once and with the order key, an order the gateway never saw (every request was held on the way in)', async () => {
    const { db, gatewayUrl, proxies, app } = await setUp();
    // Requests never reach the gateway: no charge is made, every attempt times out.
    await proxies.addToxic('payment-gateway', { type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } }, 'held');
    const answer = await app.inject({ method: 'POST', url: '/checkout', payload: body(2) });
    expect([answer.statusCode, answer.json<CheckoutResponse>().status]).toEqual([202, 'pending']);
    const { orderId } = answer.json<CheckoutResponse>();
    expect(await ledgerOf(gatewayUrl)).toEqual([]);

    await proxies.removeToxic('payment-gateway', 'held');
    const settled = await until(
      () => orderRow(db, orderId),
      (row) => row?.status !== 'pending',
      'the reconciler to charge and settle the order',
    );
    const ledger = await ledgerOf(gatewayUrl);
    expect(ledger.map((e) => [e.orderId, e.idempotencyKey, e.result])).toEqual([[orderId, `charge-${orderId}`, 'charged']]);
    expect(settled).toEqual({ status: 'confirmed', charge_id: ledger[0]?.chargeId, state: 'completed' });
  });

  it('reads its limits from the environment: on by default, off with RECONCILE_INTERVAL_MS=0', () => {
    expect(hardenedSettingsFromEnv({}).reconcile).toEqual({ intervalMs: 1_000, graceMs: 2_000, batch: 20 });
    const env = { RECONCILE_INTERVAL_MS: '0', RECONCILE_GRACE_MS: '500', RECONCILE_BATCH: '5' };
    expect(hardenedSettingsFromEnv(env).reconcile).toEqual({ intervalMs: 0, graceMs: 500, batch: 5 });
  });
});
