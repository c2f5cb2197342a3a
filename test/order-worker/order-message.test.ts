import { describe, expect, it } from 'vitest';
import { validateOrderMessage } from '../../target-services/order-worker/contract/order-message.js';
import { findDuplicateCharges, findLostOutcomes } from '../../target-services/order-worker/contract/outcome-check.js';
import { chargeIdempotencyKey, decidePlacement, mayReplace } from '../../target-services/order-worker/hardened/domain/order-state.js';
import { afterFailure, exceedsReceives } from '../../target-services/order-worker/hardened/domain/redelivery-policy.js';
import type { LedgerEntry } from '../../target-services/upstreams/payment-gateway/gateway-contract.js';

const valid = {
  orderId: 'o-1',
  customerId: 'c-1',
  amountCents: 1500,
  items: [{ sku: 'tv', quantity: 1 }],
  type: 'OrderPlaced',
  sequence: 1,
};

describe('order message schema', () => {
  it('accepts schema version 1', () => {
    expect(validateOrderMessage(JSON.stringify(valid))).toEqual({ ok: true, message: valid });
  });

  it.each([
    ['not JSON', '{"orderId":', 'invalid-json'],
    ['an array', '[]', 'invalid-json'],
    ['a new event type', JSON.stringify({ ...valid, type: 'OrderPlacedV2' }), 'unknown-event-type'],
    ['an enum in the wrong case', JSON.stringify({ ...valid, type: 'ORDER_PLACED' }), 'unknown-event-type'],
    ['a renamed field', JSON.stringify({ ...valid, amountCents: undefined, amount_cents: 1500 }), 'unknown-field'],
    ['a missing field', JSON.stringify({ ...valid, items: undefined }), 'invalid-field'],
    ['a fractional amount', JSON.stringify({ ...valid, amountCents: 10.5 }), 'invalid-field'],
    ['a zero sequence', JSON.stringify({ ...valid, sequence: 0 }), 'invalid-field'],
  ])('refuses %s with a DLQ reason', (_, body, reason) => {
    const result = validateOrderMessage(body);
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.reason).toBe(reason);
  });

  it('names the unknown field so the DLQ says what drifted', () => {
    const result = validateOrderMessage(JSON.stringify({ ...valid, amountCents: undefined, amount_cents: 1500 }));
    expect(result.ok ? '' : result.detail).toBe('unknown field(s): amount_cents');
  });
});

describe('order state rules', () => {
  it('charges a pending order, never one a newer event already set', () => {
    expect(decidePlacement({ status: 'pending', sequence: 1 }, 1)).toBe('charge');
    expect(decidePlacement({ status: 'paid', sequence: 1 }, 1)).toBe('already-paid');
    expect(decidePlacement({ status: 'cancelled', sequence: 2 }, 1)).toBe('superseded');
    expect(mayReplace(undefined, 1)).toBe(true);
    expect(mayReplace({ status: 'cancelled', sequence: 2 }, 1)).toBe(false);
    expect(mayReplace({ status: 'cancelled', sequence: 2 }, 2)).toBe(false);
  });

  it('derives the idempotency key from the order, not the message', () => {
    expect(chargeIdempotencyKey('o-1')).toBe('order-charge:o-1');
  });

  it('retries transient failures until maxReceives, never a permanent one', () => {
    expect(afterFailure('transient', 1, 3)).toEqual({ action: 'retry' });
    expect(afterFailure('transient', 3, 3)).toEqual({ action: 'dead-letter' });
    expect(afterFailure('permanent', 1, 3)).toEqual({ action: 'dead-letter' });
    expect(exceedsReceives(4, 3)).toBe(true);
    expect(exceedsReceives(3, 3)).toBe(false);
  });
});

describe('outcome checks', () => {
  const placed = { correlationId: 'c1', orderId: 'o-1', type: 'OrderPlaced', sequence: 1 };
  const cancelled = { correlationId: 'c2', orderId: 'o-1', type: 'OrderCancelled', sequence: 2 };
  const poison = { correlationId: 'c3', orderId: 'o-3', type: 'OrderPlacedV2', sequence: 1 };

  it('counts an event done when its state or a newer one is stored, or it is in the DLQ', () => {
    const cancelledOrder = new Map([['o-1', { orderId: 'o-1', status: 'cancelled', sequence: 2 }]]);
    expect(findLostOutcomes([placed, cancelled, poison], cancelledOrder, new Set(['c3']))).toEqual([]);
  });

  it('finds the cancel an older placement overwrote, and the poison message nobody dead-lettered', () => {
    const overwritten = new Map([['o-1', { orderId: 'o-1', status: 'paid', sequence: 1 }]]);
    expect(findLostOutcomes([placed, cancelled, poison], overwritten, new Set()).map((l) => l.correlationId)).toEqual(['c2', 'c3']);
  });

  it('finds orders charged more than once and the worst one', () => {
    const entry = (seq: number, orderId: string, result: LedgerEntry['result']): LedgerEntry => ({
      seq,
      at: '2026-01-01T00:00:00.000Z',
      orderId,
      amountCents: 1000,
      customerId: 'c',
      idempotencyKey: null,
      result,
      chargeId: result === 'key-reused' ? null : `ch_${seq}`,
    });
    const summary = findDuplicateCharges([
      entry(1, 'a', 'charged'),
      entry(2, 'a', 'charged'),
      entry(3, 'a', 'charged'),
      entry(4, 'b', 'charged'),
      entry(5, 'b', 'replayed'),
      entry(6, 'c', 'charged'),
      entry(7, 'c', 'charged'),
    ]);
    expect(summary).toMatchObject({ ordersCharged: 3, extraCharges: 3, extraCents: 3000, worstOrderCharges: 3 });
    expect(summary.orders.map((o) => [o.orderId, o.charges])).toEqual([
      ['a', 3],
      ['c', 2],
    ]);
  });
});
