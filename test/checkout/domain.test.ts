import { describe, expect, it } from 'vitest';
import { isRetryableGatewayStatus, settle } from '../../target-services/checkout/hardened/domain/charge-outcome.js';
import { checkoutFingerprint, validateCheckoutRequest } from '../../target-services/checkout/hardened/domain/checkout-request.js';
import { DomainError } from '../../target-services/checkout/hardened/domain/domain-error.js';
import { decideOnClaim, type StoredClaim } from '../../target-services/checkout/hardened/domain/idempotency-claim.js';
import { assertPriceCents, maxChargeCents, orderAmountCents } from '../../target-services/checkout/hardened/domain/money.js';
import { chargeKeyOf, isSettled } from '../../target-services/checkout/hardened/domain/order.js';
import { nextAttempt, type RetryBudget } from '../../target-services/checkout/hardened/domain/retry-budget.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
  return 'no error';
};

describe('money', () => {
  it('prices an order in exact integer cents', () => {
    expect(orderAmountCents(29_999, 3)).toBe(89_997);
    expect(orderAmountCents(1, 1)).toBe(1);
  });

  it('refuses fractional, zero, negative and oversized prices and quantities', () => {
    for (const price of [0, -1, 10.5, Number.NaN, maxChargeCents + 1])
      expect(codeOf(() => assertPriceCents(price))).toBe('CHECKOUT_INVALID_PRICE');
    for (const quantity of [0, -2, 1.5]) expect(codeOf(() => orderAmountCents(100, quantity))).toBe('CHECKOUT_INVALID_QUANTITY');
    expect(codeOf(() => orderAmountCents(maxChargeCents, 2))).toBe('CHECKOUT_AMOUNT_TOO_LARGE');
  });
});

describe('checkout request', () => {
  const request = { sku: 'SKU-0001', quantity: 1, customerId: 'cust-1', idempotencyKey: 'checkout-1-1' };

  it('fingerprints the purchase, not the key', () => {
    expect(checkoutFingerprint(request)).toBe(checkoutFingerprint({ ...request, idempotencyKey: 'another-key' }));
    for (const change of [{ sku: 'SKU-0002' }, { quantity: 2 }, { customerId: 'cust-2' }]) {
      expect(checkoutFingerprint({ ...request, ...change })).not.toBe(checkoutFingerprint(request));
    }
  });

  it('refuses a quantity that is not a whole number of units', () => {
    expect(codeOf(() => validateCheckoutRequest({ ...request, quantity: 0 }))).toBe('CHECKOUT_INVALID_QUANTITY');
    expect(codeOf(() => validateCheckoutRequest(request))).toBe('no error');
  });
});

describe('settling an order from its charge outcome', () => {
  const order = { amountCents: 5_998 };

  it('confirms a charge, fails a decline, and never fails an unknown outcome', () => {
    expect(settle(order, { kind: 'charged', chargeId: 'ch_1' })).toEqual({ status: 'confirmed', chargedCents: 5_998 });
    expect(settle(order, { kind: 'declined', reason: '402' })).toEqual({ status: 'failed', chargedCents: 0 });
    expect(settle(order, { kind: 'unknown', reason: 'timeout' })).toEqual({ status: 'pending', chargedCents: 0 });
  });

  it('knows settled orders, and names one gateway key per order', () => {
    expect(isSettled('pending')).toBe(false);
    expect(isSettled('confirmed')).toBe(true);
    expect(isSettled('failed')).toBe(true);
    expect(chargeKeyOf('o-1')).toBe(chargeKeyOf('o-1'));
    expect(chargeKeyOf('o-1')).not.toBe(chargeKeyOf('o-2'));
  });

  it('retries the gateway on 409, 429 and 5xx only', () => {
    expect([400, 402, 404, 409, 422, 429, 500, 502, 503].filter(isRetryableGatewayStatus)).toEqual([409, 429, 500, 502, 503]);
  });
});

describe('retry budget', () => {
  const budget: RetryBudget = { attempts: 3, attemptTimeoutMs: 2_500, budgetMs: 5_000, baseDelayMs: 100, maxDelayMs: 800 };

  it('starts at once with a full attempt timeout', () => {
    expect(nextAttempt(budget, 0, 0, () => 0.99)).toEqual({ kind: 'attempt', delayMs: 0, timeoutMs: 2_500 });
  });

  it('pauses with full jitter below an exponential cap', () => {
    expect(nextAttempt(budget, 1, 2_500, () => 0)).toEqual({ kind: 'attempt', delayMs: 0, timeoutMs: 2_500 });
    expect(nextAttempt(budget, 1, 2_000, () => 0.5)).toEqual({ kind: 'attempt', delayMs: 50, timeoutMs: 2_500 });
    expect(nextAttempt(budget, 2, 2_000, () => 0.999)).toMatchObject({ delayMs: 199 });
    expect(nextAttempt({ ...budget, attempts: 10 }, 9, 0, () => 0.999)).toMatchObject({ delayMs: 799 });
  });

  it('cuts the last attempt to what the budget has left, and stops when attempts or time run out', () => {
    expect(nextAttempt(budget, 2, 4_000, () => 0)).toEqual({ kind: 'attempt', delayMs: 0, timeoutMs: 1_000 });
    expect(nextAttempt(budget, 3, 0, () => 0)).toEqual({ kind: 'stop' });
    expect(nextAttempt(budget, 1, 4_990, () => 0)).toEqual({ kind: 'stop' });
  });
});

describe('a request finding its idempotency key already stored', () => {
  const now = Date.parse('2026-11-27T00:00:10Z');
  const claim = (over: Partial<StoredClaim<string>> = {}): StoredClaim<string> => ({
    fingerprint: 'fp',
    state: 'in_progress',
    orderId: null,
    lockedUntil: new Date(now + 1_000),
    outcome: null,
    ...over,
  });

  it('replays a completed outcome, and refuses a key used for another purchase', () => {
    expect(decideOnClaim(claim({ state: 'completed', outcome: 'stored' }), 'fp', now)).toEqual({ kind: 'replay', outcome: 'stored' });
    expect(decideOnClaim(claim({ state: 'completed', outcome: 'stored' }), 'other', now)).toEqual({ kind: 'key-reused' });
    expect(decideOnClaim(claim(), 'other', now)).toEqual({ kind: 'key-reused' });
  });

  it('waits while the worker holds its lease, and takes over (resuming its order) once it ended', () => {
    expect(decideOnClaim(claim(), 'fp', now)).toEqual({ kind: 'wait', untilMs: now + 1_000 });
    expect(decideOnClaim(claim({ lockedUntil: new Date(now), orderId: 'o-9' }), 'fp', now)).toEqual({ kind: 'take-over', orderId: 'o-9' });
    expect(decideOnClaim(claim({ lockedUntil: null }), 'fp', now)).toEqual({ kind: 'take-over', orderId: null });
  });
});
