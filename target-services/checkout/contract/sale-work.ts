import type { LedgerEntry } from '../../upstreams/payment-gateway/gateway-contract.js';
import type { Answer } from './client-observations.js';
import type { Finding, OrderFact, StockFact } from './sale-findings.js';

/**
 * What a sale came to, from ground truth only: the orders' rows, the gateway's ledger, and what
 * the client was told (its own record of the answers). Shared by the scenario's `work()` and
 * invariants and by the tests.
 */

/**
 * What became of one checkout intent (an idempotency key) that got at least one order row,
 * whatever the service answered:
 * - `confirmed`: an order is confirmed and the gateway charged it, and the customer was not told
 *   otherwise (their last word is confirmed, pending, or nothing at all);
 * - `told-failed-redis-miss`: confirmed and charged, but the last word is an order status
 *   "failed" (a 2xx or the order page): only a status read back from somewhere else than the
 *   order's row can say so (source 003);
 * - `told-failed-other`: confirmed and charged, but the last word is an error or "sold out";
 * - `pending`: no order confirmed, one still pending;
 * - `charged-order-failed`: every order failed, yet the gateway charged (the naive client gave up
 *   after its timeouts while the charges went through);
 * - `failed-not-charged`: every order failed and nothing was charged (an honest failure);
 * - `confirmed-not-charged`: confirmed without any charge in the ledger.
 */
export type IntentFate =
  | 'confirmed'
  | 'told-failed-redis-miss'
  | 'told-failed-other'
  | 'pending'
  | 'charged-order-failed'
  | 'failed-not-charged'
  | 'confirmed-not-charged';

export type LastWord = (key: string) => Answer | undefined;

/** Order ids the gateway charged at least once (ledger result `charged`). */
function chargedOrders(entries: readonly LedgerEntry[]): Set<string> {
  return new Set(entries.filter((e) => e.result === 'charged').map((e) => e.orderId));
}

function fateOf(orders: readonly OrderFact[], charged: Set<string>, word: Answer | undefined): IntentFate {
  const anyCharged = orders.some((o) => charged.has(o.id));
  if (orders.some((o) => o.status === 'confirmed')) {
    if (!anyCharged) return 'confirmed-not-charged';
    if (word?.told === 'failed') return word.httpStatus < 300 ? 'told-failed-redis-miss' : 'told-failed-other';
    return word?.told === 'sold-out' ? 'told-failed-other' : 'confirmed';
  }
  if (orders.some((o) => o.status === 'pending')) return 'pending';
  return anyCharged ? 'charged-order-failed' : 'failed-not-charged';
}

/** Every checkout intent with an order row, and what it came to. */
export function intentFates(entries: readonly LedgerEntry[], orders: readonly OrderFact[], lastWord: LastWord): Map<string, IntentFate> {
  const byKey = new Map<string, OrderFact[]>();
  for (const order of orders) {
    const list = byKey.get(order.idempotencyKey);
    if (list) list.push(order);
    else byKey.set(order.idempotencyKey, [order]);
  }
  const charged = chargedOrders(entries);
  return new Map([...byKey].map(([key, list]) => [key, fateOf(list, charged, lastWord(key))]));
}

/** Intents by fate, as figures (`confirmed`, `told_failed_redis_miss`, ...), every fate listed. */
export function fateCounts(fates: ReadonlyMap<string, IntentFate>): Record<string, number> {
  const counts: Record<string, number> = {
    accepted: fates.size,
    confirmed: 0,
    told_failed_redis_miss: 0,
    told_failed_other: 0,
    pending: 0,
    charged_order_failed: 0,
    failed_not_charged: 0,
    confirmed_not_charged: 0,
  };
  for (const fate of fates.values()) {
    const name = fate.replace(/-/g, '_');
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

const maxSamples = 10;

/** The intents of one fate as a finding: violations = their number, figures = every fate's count. */
export function findFate(fates: ReadonlyMap<string, IntentFate>, fate: IntentFate, orders: readonly OrderFact[]): Finding {
  const keys = [...fates].filter(([, f]) => f === fate).map(([key]) => key);
  const sampleKeys = new Set(keys.slice(0, maxSamples));
  const samples = orders
    .filter((o) => sampleKeys.has(o.idempotencyKey))
    .map((o) => ({ idempotencyKey: o.idempotencyKey, orderId: o.id, sku: o.sku, status: o.status }));
  return { violations: keys.length, samples, figures: fateCounts(fates) };
}

/** Work asked vs done, as the scenario contract's `WorkReport` has it. */
export interface WorkCount {
  readonly unit: string;
  readonly asked: number;
  readonly done: number;
  readonly notDone: Readonly<Record<string, number>>;
}

/** Why units of a SKU were not sold to a customer who knows they bought them, in the order they are counted. */
const unsoldReasons = [
  'told failed although charged',
  'held by a pending order',
  'left in stock',
  'held by a failed order the gateway charged',
  'held by a failed order',
  'confirmed without a charge',
] as const;

type UnsoldReason = (typeof unsoldReasons)[number];

/** Whether an order's units were sold, or what holds them back. */
function holdOf(order: OrderFact, fate: IntentFate | undefined, charged: Set<string>): 'sold' | UnsoldReason {
  const wasCharged = charged.has(order.id);
  switch (order.status) {
    case 'confirmed':
      if (!wasCharged) return 'confirmed without a charge';
      return fate === 'confirmed' ? 'sold' : 'told failed although charged';
    case 'pending':
      return 'held by a pending order';
    case 'failed':
      return wasCharged ? 'held by a failed order the gateway charged' : 'held by a failed order';
  }
}

/**
 * The doorbusters' work: asked = units put on sale (`released_stock`), done = units in orders
 * confirmed, charged by the gateway, and not told otherwise, at most the units released per SKU
 * (units sold beyond them are the oversell, counted by `findOversold`). The rest is explained per
 * SKU by what holds it (see `unsoldReasons`); whatever these do not explain is left for the
 * harness to report as unaccounted.
 */
export function doorbusterWork(
  stock: readonly StockFact[],
  orders: readonly OrderFact[],
  entries: readonly LedgerEntry[],
  lastWord: LastWord,
  skus: readonly string[],
): WorkCount {
  const fates = intentFates(entries, orders, lastWord);
  const charged = chargedOrders(entries);
  const notDone: Record<string, number> = {};
  let asked = 0;
  let done = 0;
  for (const sku of skus) {
    const row = stock.find((s) => s.sku === sku);
    if (!row) continue;
    const held = new Map<UnsoldReason, number>([['left in stock', row.stock]]);
    let good = 0;
    for (const order of orders) {
      if (order.sku !== sku) continue;
      const hold = holdOf(order, fates.get(order.idempotencyKey), charged);
      if (hold === 'sold') good += order.quantity;
      else held.set(hold, (held.get(hold) ?? 0) + order.quantity);
    }
    asked += row.releasedStock;
    const soldHere = Math.min(row.releasedStock, good);
    done += soldHere;
    let gap = row.releasedStock - soldHere;
    for (const reason of unsoldReasons) {
      const units = Math.min(gap, held.get(reason) ?? 0);
      if (units <= 0) continue;
      notDone[reason] = (notDone[reason] ?? 0) + units;
      gap -= units;
    }
  }
  return { unit: 'doorbuster units', asked, done, notDone };
}
