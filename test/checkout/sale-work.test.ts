import { describe, expect, it } from 'vitest';
import type { Answer } from '../../target-services/checkout/contract/client-observations.js';
import type { OrderFact, StockFact } from '../../target-services/checkout/contract/sale-findings.js';
import { doorbusterWork, fateCounts, findFate, intentFates } from '../../target-services/checkout/contract/sale-work.js';
import type { LedgerEntry } from '../../target-services/upstreams/payment-gateway/gateway-contract.js';

function order(id: string, key: string, status: OrderFact['status'], sku = 'SKU-0001', quantity = 1): OrderFact {
  return {
    id,
    idempotencyKey: key,
    sku,
    quantity,
    status,
    unitPriceCents: 1_000,
    priceVersion: 1,
    createdAt: new Date('2026-11-27T00:00:01Z'),
    priceInForceCents: 1_000,
    versionInForce: 1,
  };
}

let seq = 0;
const charge = (orderId: string): LedgerEntry => ({
  seq: ++seq,
  at: new Date(seq).toISOString(),
  orderId,
  amountCents: 1_000,
  customerId: 'c',
  idempotencyKey: null,
  result: 'charged',
  chargeId: `ch_${seq}`,
});

const word = (told: Answer['told'], httpStatus: number): Answer => ({ seq: 1, told, httpStatus, via: 'checkout' });
const stockOf = (sku: string, releasedStock: number, stock: number): StockFact => ({ sku, releasedStock, stock, unitsSold: 0 });

// One intent per fate: k1 confirmed, k2 told failed by a 201 (Redis miss), k3 told failed by a
// 502 after a re-send, k4 pending, k5 failed though charged (gateway timeouts), k6 failed honestly.
const orders = [
  order('o1', 'k1', 'confirmed'),
  order('o2', 'k2', 'confirmed'),
  order('o3', 'k3', 'confirmed'),
  order('o4', 'k4', 'pending'),
  order('o5', 'k5', 'failed'),
  order('o6', 'k6', 'failed'),
];
const ledger = [charge('o1'), charge('o2'), charge('o3'), charge('o5')];
const words: Record<string, Answer> = {
  k1: word('confirmed', 201),
  k2: word('failed', 201),
  k3: word('failed', 502),
  k4: word('pending', 202),
  k5: word('failed', 502),
  k6: word('failed', 502),
};
const lastWord = (key: string) => words[key];

describe('sale work: what each checkout intent came to, and the doorbuster units sold', () => {
  it('tells the Redis-miss path (confirmed row, told "failed" by a 2xx) from the gateway path (failed row, charged)', () => {
    const fates = intentFates(ledger, orders, lastWord);
    expect(Object.fromEntries(fates)).toEqual({
      k1: 'confirmed',
      k2: 'told-failed-redis-miss',
      k3: 'told-failed-other',
      k4: 'pending',
      k5: 'charged-order-failed',
      k6: 'failed-not-charged',
    });
    expect(fateCounts(fates)).toEqual({
      accepted: 6,
      confirmed: 1,
      told_failed_redis_miss: 1,
      told_failed_other: 1,
      pending: 1,
      charged_order_failed: 1,
      failed_not_charged: 1,
      confirmed_not_charged: 0,
    });
    expect(findFate(fates, 'told-failed-redis-miss', orders)).toMatchObject({ violations: 1, samples: [{ orderId: 'o2' }] });
    expect(findFate(fates, 'pending', orders).violations).toBe(1);
  });

  it('counts a confirmed order with no charge in the ledger apart, and a customer never answered as confirmed', () => {
    const fates = intentFates([], [order('o1', 'k1', 'confirmed')], () => undefined);
    expect(fates.get('k1')).toBe('confirmed-not-charged');
    expect(intentFates([charge('o9')], [order('o9', 'k9', 'confirmed')], () => undefined).get('k9')).toBe('confirmed');
  });

  it('sells only units of confirmed, charged, not-misinformed orders, and explains every other released unit', () => {
    // 7 released, 1 left in stock: o1 sold; the rest held by what the customers were told or the row says.
    const work = doorbusterWork([stockOf('SKU-0001', 7, 1)], orders, ledger, lastWord, ['SKU-0001']);
    expect(work).toEqual({
      unit: 'doorbuster units',
      asked: 7,
      done: 1,
      notDone: {
        'told failed although charged': 2,
        'held by a pending order': 1,
        'left in stock': 1,
        'held by a failed order the gateway charged': 1,
        'held by a failed order': 1,
      },
    });
    const explained = Object.values(work.notDone).reduce((a, b) => a + b, 0);
    expect(work.done + explained).toBe(work.asked);
  });

  it('caps the units sold at the units released (the oversell is another invariant), and ignores SKUs not listed', () => {
    const oversold = [1, 2, 3].map((n) => order(`x${n}`, `kx${n}`, 'confirmed', 'SKU-0002'));
    const work = doorbusterWork(
      [stockOf('SKU-0002', 2, 0), stockOf('SKU-0100', 5, 5)],
      oversold,
      oversold.map((o) => charge(o.id)),
      () => word('confirmed', 201),
      ['SKU-0002'],
    );
    expect(work).toEqual({ unit: 'doorbuster units', asked: 2, done: 2, notDone: {} });
  });

  it('shows a checkout that answers "sold out" to everyone as nothing done', () => {
    const work = doorbusterWork([stockOf('SKU-0001', 20, 20)], [], [], () => undefined, ['SKU-0001']);
    expect(work).toEqual({ unit: 'doorbuster units', asked: 20, done: 0, notDone: { 'left in stock': 20 } });
  });
});
