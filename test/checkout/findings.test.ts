import { describe, expect, it } from 'vitest';
import { ClientObservations, toldBy } from '../../target-services/checkout/contract/client-observations.js';
import {
  findChargedNotConfirmed,
  findDuplicateCharges,
  findErrorsOverBudget,
  findOversold,
  findStalePrices,
  type OrderFact,
} from '../../target-services/checkout/contract/sale-findings.js';
import type { LedgerEntry } from '../../target-services/upstreams/payment-gateway/gateway-contract.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers, body: JSON.stringify(body) });
const checkoutAnswer = (key: string, status: number, body: unknown, headers: Record<string, string> = {}) =>
  json(status, body, { 'idempotency-key': key, ...headers });

function order(id: string, key: string, over: Partial<OrderFact> = {}): OrderFact {
  return {
    id,
    idempotencyKey: key,
    sku: 'SKU-0001',
    quantity: 1,
    status: 'confirmed',
    unitPriceCents: 1_000,
    priceVersion: 1,
    createdAt: new Date('2026-11-27T00:00:01Z'),
    priceInForceCents: 1_000,
    versionInForce: 1,
    ...over,
  };
}

let seq = 0;
function charged(orderId: string, amountCents = 1_000, result: LedgerEntry['result'] = 'charged'): LedgerEntry {
  seq++;
  return {
    seq,
    at: new Date(seq).toISOString(),
    orderId,
    amountCents,
    customerId: 'c',
    idempotencyKey: null,
    result,
    chargeId: result === 'key-reused' ? null : `ch_${seq}`,
  };
}

describe('what an answer tells the customer', () => {
  it('reads order statuses, sold out, "retry later" and failures', () => {
    expect(toldBy(201, { status: 'confirmed' }, {})).toBe('confirmed');
    expect(toldBy(202, { status: 'pending' }, {})).toBe('pending');
    expect(toldBy(201, { status: 'failed' }, {})).toBe('failed');
    expect(toldBy(409, { code: 'SOLD_OUT' }, {})).toBe('sold-out');
    expect(toldBy(409, { code: 'CHECKOUT_IN_PROGRESS' }, {})).toBe('retry-later');
    expect(toldBy(429, {}, {})).toBe('retry-later');
    expect(toldBy(503, {}, { 'retry-after': '1' })).toBe('retry-later');
    expect(toldBy(502, { code: 'PAYMENT_FAILED' }, {})).toBe('failed');
    expect(toldBy(500, undefined, {})).toBe('failed');
  });

  it("keeps the customer's last word per checkout key, order pages included, retry-later answers aside", () => {
    const client = new ClientObservations();
    client.sent('k-1');
    client.checkoutAnswered(checkoutAnswer('k-1', 201, { orderId: 'o-1', status: 'failed' }));
    expect(client.lastWord('k-1')).toMatchObject({ told: 'failed', via: 'checkout' });
    client.orderPageAnswered(json(200, { orderId: 'o-1', status: 'confirmed' }));
    expect(client.lastWord('k-1')).toMatchObject({ told: 'confirmed', via: 'order-page' });
    client.checkoutAnswered(checkoutAnswer('k-1', 409, { code: 'CHECKOUT_IN_PROGRESS' }));
    expect(client.lastWord('k-1')?.told).toBe('confirmed');
    expect(client.answersFor('k-1')).toHaveLength(3);
    expect(client.knownOrders()).toEqual(['o-1']);
    expect(client.lastWord('never-answered')).toBeUndefined();
  });

  it('counts requests, answers, sold-out apart from errors', () => {
    const client = new ClientObservations();
    for (let i = 0; i < 5; i++) client.sent(`k-${i}`);
    client.checkoutAnswered(checkoutAnswer('k-0', 409, { code: 'SOLD_OUT' }));
    client.checkoutAnswered(checkoutAnswer('k-1', 503, { code: 'CHECKOUT_DB_BUSY' }, { 'retry-after': '1' }));
    client.otherAnswered(json(200, {}));
    expect([client.requests, client.responses, client.soldOut]).toEqual([5, 3, 1]);
    expect([...client.errorAnswers]).toEqual([['503 CHECKOUT_DB_BUSY', 1]]);
    // 2 unanswered + 1 error answer = 3 errors; a 40% budget of 5 requests is 2.
    expect(findErrorsOverBudget(client, 0.4)).toMatchObject({ violations: 1, figures: { requests: 5, errors: 3, budget: 2, soldOut: 1 } });
    expect(findErrorsOverBudget(client, 0.6).violations).toBe(0);
  });
});

describe('sale findings', () => {
  it('oversold units: units promised beyond units released, per SKU', () => {
    const found = findOversold([
      { sku: 'SKU-0001', releasedStock: 5, stock: 0, unitsSold: 8 },
      { sku: 'SKU-0002', releasedStock: 10, stock: 4, unitsSold: 6 },
    ]);
    expect(found).toMatchObject({ violations: 3, figures: { skusOversold: 1, unitsSold: 14, unitsReleased: 15 } });
    expect(found.samples).toEqual([{ sku: 'SKU-0001', releasedStock: 5, stock: 0, unitsSold: 8, oversoldUnits: 3 }]);
  });

  it('duplicate charges: charges beyond the first per checkout key, across orders, replays not counted', () => {
    const orders = [order('o-1', 'k-1'), order('o-2', 'k-1'), order('o-3', 'k-2'), order('o-4', 'k-3')];
    const ledger = [
      charged('o-1'),
      charged('o-1'),
      charged('o-2', 1_500),
      charged('o-3'),
      charged('o-3', 1_000, 'replayed'),
      charged('o-9'),
    ];
    const found = findDuplicateCharges(ledger, orders);
    expect(found).toMatchObject({
      violations: 2,
      figures: { intentsAffected: 1, duplicateCents: 2_500, chargesTotal: 4, orphanCharges: 1 },
    });
  });

  it('charged but not confirmed: the last word after a charge is neither confirmed nor pending', () => {
    const client = new ClientObservations();
    const orders = [order('o-1', 'k-1'), order('o-2', 'k-2'), order('o-3', 'k-3'), order('o-4', 'k-4'), order('o-5', 'k-5')];
    client.checkoutAnswered(checkoutAnswer('k-1', 201, { orderId: 'o-1', status: 'confirmed' }));
    client.checkoutAnswered(checkoutAnswer('k-2', 201, { orderId: 'o-2', status: 'failed' }));
    client.checkoutAnswered(checkoutAnswer('k-3', 502, { code: 'PAYMENT_FAILED' }));
    client.checkoutAnswered(checkoutAnswer('k-4', 202, { orderId: 'o-4', status: 'pending' }));
    // k-5 was charged and never answered; o-6 was never charged.
    const ledger = [charged('o-1'), charged('o-2', 2_000), charged('o-3'), charged('o-3'), charged('o-4'), charged('o-5')];
    const found = findChargedNotConfirmed(ledger, orders, (key) => client.lastWord(key));
    expect(found.violations).toBe(3);
    expect(found.figures).toEqual({
      chargedIntents: 5,
      chargedCents: 5_000,
      chargedStillPending: 1,
      told_failed_status: 1,
      told_failed: 1,
      told_no_answer: 1,
    });
  });

  it('stale price: the first charge per unit differs from the price in force at order creation', () => {
    const orders = [
      order('o-1', 'k-1', { quantity: 2, priceInForceCents: 800, versionInForce: 2 }),
      order('o-2', 'k-2', { priceInForceCents: 1_000 }),
      order('o-3', 'k-3', { priceInForceCents: 1_200 }),
    ];
    const found = findStalePrices([charged('o-1', 2_000), charged('o-2'), charged('o-3'), charged('o-3')], orders);
    expect(found).toMatchObject({ violations: 2, figures: { chargedOrders: 3, overchargedCents: 400, underchargedCents: 200 } });
    expect(found.samples[0]).toMatchObject({ orderId: 'o-1', chargedUnitCents: 1_000, priceInForceCents: 800, versionInForce: 2 });
  });
});
