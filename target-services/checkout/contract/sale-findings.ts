import type { LedgerEntry } from '../../upstreams/payment-gateway/gateway-contract.js';
import type { Answer } from './client-observations.js';
import type { OrderStatus } from './http-contract.js';

/**
 * The flash-sale invariants as pure functions over the gateway ledger, the orders and what the
 * client was told, so that the scenario and the tests share one definition of each.
 */

/** An invariant's result (the shape a scenario's Invariant returns). */
export interface Finding {
  readonly violations: number;
  readonly samples: readonly unknown[];
  readonly figures: Readonly<Record<string, number>>;
}

/** One order as `ordersWithPriceInForceSql` returns it. */
export interface OrderFact {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly sku: string;
  readonly quantity: number;
  readonly status: OrderStatus;
  readonly unitPriceCents: number;
  readonly priceVersion: number;
  readonly createdAt: Date;
  readonly priceInForceCents: number | null;
  readonly versionInForce: number | null;
}

/** One SKU as `stockBySkuSql` returns it. */
export interface StockFact {
  readonly sku: string;
  readonly releasedStock: number;
  readonly stock: number;
  readonly unitsSold: number;
}

const maxSamples = 10;

/** The charges that moved money, grouped by order id, in gateway order. */
function chargesByOrder(entries: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const byOrder = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    if (entry.result !== 'charged') continue;
    const list = byOrder.get(entry.orderId);
    if (list) list.push(entry);
    else byOrder.set(entry.orderId, [entry]);
  }
  return byOrder;
}

/** Checkout intents (idempotency keys) and the money-moving charges made for their orders. */
function chargesByIntent(entries: readonly LedgerEntry[], orders: readonly OrderFact[]) {
  const byOrder = chargesByOrder(entries);
  const intents = new Map<string, { orders: OrderFact[]; charges: LedgerEntry[] }>();
  for (const order of orders) {
    const intent = intents.get(order.idempotencyKey) ?? { orders: [], charges: [] };
    intents.set(order.idempotencyKey, intent);
    intent.orders.push(order);
    intent.charges.push(...(byOrder.get(order.id) ?? []));
  }
  for (const intent of intents.values()) intent.charges.sort((a, b) => a.seq - b.seq);
  const known = new Set(orders.map((o) => o.id));
  const orphanCharges = [...byOrder.entries()].filter(([orderId]) => !known.has(orderId)).reduce((n, [, list]) => n + list.length, 0);
  return { intents, orphanCharges };
}

/**
 * Oversold units: per SKU, units promised to customers (orders pending or confirmed) beyond the
 * units ever put on sale. Violations = the oversold units over all SKUs.
 */
export function findOversold(stock: readonly StockFact[]): Finding {
  const over = stock
    .map((s) => ({ ...s, oversoldUnits: Math.max(0, s.unitsSold - s.releasedStock) }))
    .filter((s) => s.oversoldUnits > 0)
    .sort((a, b) => b.oversoldUnits - a.oversoldUnits);
  const units = over.reduce((n, s) => n + s.oversoldUnits, 0);
  return {
    violations: units,
    samples: over.slice(0, maxSamples),
    figures: {
      skusOversold: over.length,
      unitsSold: stock.reduce((n, s) => n + s.unitsSold, 0),
      unitsReleased: stock.reduce((n, s) => n + s.releasedStock, 0),
    },
  };
}

/**
 * Duplicate charges: for each checkout intent (one idempotency key, whatever number of orders
 * the service made for it), every money-moving charge beyond the first, per the gateway ledger.
 * Violations = the extra charges; `duplicateCents` = the money they took.
 */
export function findDuplicateCharges(entries: readonly LedgerEntry[], orders: readonly OrderFact[]): Finding {
  const { intents, orphanCharges } = chargesByIntent(entries, orders);
  const samples: unknown[] = [];
  let extra = 0;
  let cents = 0;
  let intentsAffected = 0;
  for (const [key, intent] of intents) {
    if (intent.charges.length < 2) continue;
    intentsAffected++;
    const duplicates = intent.charges.slice(1);
    extra += duplicates.length;
    const duplicateCents = duplicates.reduce((n, c) => n + c.amountCents, 0);
    cents += duplicateCents;
    if (samples.length < maxSamples) {
      samples.push({
        idempotencyKey: key,
        orders: intent.orders.map((o) => o.id),
        charges: intent.charges.map((c) => c.chargeId),
        duplicateCents,
      });
    }
  }
  return {
    violations: extra,
    samples,
    figures: {
      intentsAffected,
      duplicateCents: cents,
      chargesTotal: [...intents.values()].reduce((n, i) => n + i.charges.length, 0),
      orphanCharges,
    },
  };
}

/**
 * Charged but not confirmed (incident source 003's 342 orders, $47,000): checkout intents the
 * gateway charged at least once whose last word to the customer (ClientObservations.lastWord:
 * the latest checkout or order-page answer that said something about the order) was not
 * `confirmed` and not `pending`: `failed`, `sold-out`, only "retry later" answers, or no answer
 * at all. `pending` is the truth (the outcome is being settled) and is counted apart.
 * Violations = such intents; `chargedCents` = everything the gateway took for them.
 */
export function findChargedNotConfirmed(
  entries: readonly LedgerEntry[],
  orders: readonly OrderFact[],
  lastWord: (key: string) => Answer | undefined,
): Finding {
  const { intents } = chargesByIntent(entries, orders);
  const samples: unknown[] = [];
  const byWord: Record<string, number> = {};
  let violations = 0;
  let cents = 0;
  let charged = 0;
  let stillPending = 0;
  for (const [key, intent] of intents) {
    if (intent.charges.length === 0) continue;
    charged++;
    const word = lastWord(key);
    const told = word?.told ?? 'no-answer';
    if (told === 'confirmed') continue;
    if (told === 'pending') {
      stillPending++;
      continue;
    }
    violations++;
    // "failed" as an order status (a 2xx or the order page) apart from "failed" as an error page.
    const label = told === 'failed' && word !== undefined && word.httpStatus < 300 ? 'failed_status' : told;
    byWord[label] = (byWord[label] ?? 0) + 1;
    const chargedCents = intent.charges.reduce((n, c) => n + c.amountCents, 0);
    cents += chargedCents;
    if (samples.length < maxSamples) {
      samples.push({
        idempotencyKey: key,
        orders: intent.orders.map((o) => o.id),
        charges: intent.charges.length,
        chargedCents,
        lastWord: word ?? 'no answer',
      });
    }
  }
  return {
    violations,
    samples,
    figures: { chargedIntents: charged, chargedCents: cents, chargedStillPending: stillPending, ...prefixed('told_', byWord) },
  };
}

/**
 * Charged at a stale price: orders the gateway charged whose charged unit price (the first
 * charge's amount / quantity) differs from the price in force when the order was created.
 * Violations = such orders; `overchargedCents` / `underchargedCents` = the difference.
 */
export function findStalePrices(entries: readonly LedgerEntry[], orders: readonly OrderFact[]): Finding {
  const byOrder = chargesByOrder(entries);
  const samples: unknown[] = [];
  let violations = 0;
  let over = 0;
  let under = 0;
  let charged = 0;
  for (const order of orders) {
    const first = byOrder.get(order.id)?.[0];
    if (!first || order.priceInForceCents === null) continue;
    charged++;
    const chargedUnit = first.amountCents / order.quantity;
    if (chargedUnit === order.priceInForceCents) continue;
    violations++;
    const difference = (chargedUnit - order.priceInForceCents) * order.quantity;
    if (difference > 0) over += difference;
    else under -= difference;
    if (samples.length < maxSamples) {
      samples.push({
        orderId: order.id,
        sku: order.sku,
        chargedUnitCents: chargedUnit,
        priceInForceCents: order.priceInForceCents,
        versionCharged: order.priceVersion,
        versionInForce: order.versionInForce,
        createdAt: order.createdAt.toISOString(),
      });
    }
  }
  return { violations, samples, figures: { chargedOrders: charged, overchargedCents: over, underchargedCents: under } };
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${prefix}${k.replace(/-/g, '_')}`, v]));
}

/** The counts `findErrorsOverBudget` needs (ClientObservations has them). */
export interface RequestCounts {
  readonly requests: number;
  readonly responses: number;
  readonly soldOut: number;
  readonly errorAnswers: ReadonlyMap<string, number>;
}

/**
 * Errors other than "sold out" beyond an error budget (a share of the requests sent). Failed
 * requests are those without an answer (timeouts, resets) plus every 4xx/5xx answer except
 * 409 SOLD_OUT, which is the sale's expected outcome. Violations = failed requests beyond
 * `budgetShare` of the requests, so 0 means the error rate stayed within the budget.
 */
export function findErrorsOverBudget(counts: RequestCounts, budgetShare: number): Finding {
  const unanswered = Math.max(0, counts.requests - counts.responses);
  const answeredErrors = [...counts.errorAnswers.values()].reduce((n, v) => n + v, 0);
  const errors = unanswered + answeredErrors;
  const budget = Math.floor(counts.requests * budgetShare);
  const samples = [...counts.errorAnswers.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, maxSamples)
    .map(([answer, count]) => ({ answer, count }));
  if (unanswered > 0) samples.unshift({ answer: 'no answer (timeout or reset)', count: unanswered });
  return {
    violations: Math.max(0, errors - budget),
    samples,
    figures: {
      requests: counts.requests,
      errors,
      errorRate: counts.requests === 0 ? 0 : errors / counts.requests,
      budget,
      soldOut: counts.soldOut,
    },
  };
}
