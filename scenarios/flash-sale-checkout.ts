/**
 * The flash-sale checkout incident (incident catalog row 2: sources 002, 003 and the
 * race-condition articles of 004): at midnight a few doorbusters go on sale with a handful of
 * units each, everyone checks out at once, the payment gateway slows down, Redis jitters, and
 * the back office cuts prices mid-sale. The naive checkout oversells (stock read then written
 * back), charges twice (gateway retried without an idempotency key), tells charged customers
 * their payment failed (a Redis miss read as "failed"), and charges prices that are no longer in
 * force (a process cache nothing invalidates).
 */
import type { RequestTemplate, ResponseView } from '../harness/load/load-plan.js';
import { Random } from '../harness/load/prng.js';
import { zipf } from '../harness/load/zipf.js';
import { defineScenario } from '../harness/scenario/define-scenario.js';
import type { Invariant, ScenarioContext } from '../harness/scenario/scenario-types.js';
import { flashSaleCatalog, skuOfRank } from '../target-services/checkout/contract/catalog.js';
import { ClientObservations } from '../target-services/checkout/contract/client-observations.js';
import { type CheckoutBody, checkoutPaths } from '../target-services/checkout/contract/http-contract.js';
import { ordersWithPriceInForceSql, stockBySkuSql } from '../target-services/checkout/contract/invariant-queries.js';
import {
  findChargedNotConfirmed,
  findDuplicateCharges,
  findErrorsOverBudget,
  findOversold,
  findStalePrices,
  type OrderFact,
  type StockFact,
} from '../target-services/checkout/contract/sale-findings.js';
import { releaseStockSql, repriceSql, seedCheckout } from '../target-services/checkout/contract/seed.js';
import type { GatewayLedger, LedgerEntry } from '../target-services/upstreams/payment-gateway/gateway-contract.js';

/** The catalogue: 5 doorbusters released at midnight, 195 regular SKUs on sale all evening. */
const hotSkus = 5;
const regularSkus = 195;
/** Units of each doorbuster released at midnight. */
const dropUnits = 20;
/** Shoppers: a checkout's customer is drawn uniformly among them. */
const customers = 20_000;
/** Share of checkout requests that re-send an earlier checkout as is (same idempotency key). */
const clientRetryShare = 0.15;
/** A re-send repeats one of the last this-many requests (at ~100 requests/s: within ~0.6 s). */
const retryReach = 60;
/** Errors other than sold-out the hardened variant may show: 1% of the requests. */
const errorBudgetShare = 0.01;
/** The back office's mid-sale price cut: every SKU outside the top 10, to 80%. */
const repricedSkus = Array.from({ length: hotSkus + regularSkus - 10 }, (_, i) => skuOfRank(11 + i));
const doorbusters = Array.from({ length: hotSkus }, (_, i) => skuOfRank(i + 1));

const json = { 'content-type': 'application/json' };

function workload(ctx: ScenarioContext) {
  const client = new ClientObservations();
  const skuRank = zipf(hotSkus + regularSkus, 1.1);
  // Each checkout intent is a pure function of (seed, sequence number): a re-send rebuilds the
  // intent of an earlier sequence number, so retries need no memory of what was sent, and the
  // same seed gives the same request mix whatever was dropped or answered.
  const intents = new Random(ctx.seed ^ 0x5a1e);
  const intentAt = (sequence: number): CheckoutBody => {
    const random = intents.reset(sequence);
    return {
      sku: skuOfRank(skuRank.sample(random) + 1),
      quantity: random.chance(0.15) ? 2 : 1,
      customerId: `cust-${random.between(1, customers)}`,
      idempotencyKey: `checkout-${ctx.seed}-${sequence}`,
    };
  };

  const checkout: RequestTemplate = {
    name: 'checkout',
    weight: 75,
    // "Sold out" (and "already in progress" for a re-sent key) is the shop's answer, not a failure:
    // counted apart from errors, as the issue asks (errors-over-budget below is the exact budget).
    expectedStatuses: [409],
    request: (random, sequence) => {
      // A client re-sending the same checkout: a retry after a slow answer or a double tap. Its
      // original is the intent of an earlier sequence number (when that one was a checkout at
      // all, about three times in four, this is a true re-send; otherwise a first send).
      const origin = random.chance(clientRetryShare) ? Math.max(0, sequence - random.between(1, retryReach)) : sequence;
      const body = intentAt(origin);
      client.sent(body.idempotencyKey);
      return { method: 'POST', path: checkoutPaths.checkout, headers: json, body: JSON.stringify(body) };
    },
    check: (response: ResponseView) => {
      client.checkoutAnswered(response);
      if (response.status === 201 || response.status === 202 || response.status === 200) {
        const body = JSON.parse(response.body) as { orderId?: unknown; status?: unknown };
        if (typeof body.orderId !== 'string' || typeof body.status !== 'string') return 'malformed checkout answer';
      }
      return undefined;
    },
  };

  // The order confirmation page, refreshed by customers who just checked out: one of the 200
  // most recent orders the client has learnt of (which ones depends on the answers, not the seed).
  const orderPage: RequestTemplate = {
    name: 'order-page',
    weight: 15,
    request: (random) => {
      client.sent();
      const known = client.knownOrders();
      if (known.length === 0) return { path: checkoutPaths.product(skuOfRank(1)) };
      const recent = Math.min(200, known.length);
      return { path: checkoutPaths.order(known[known.length - 1 - random.int(recent)] as string) };
    },
    check: (response: ResponseView) => {
      client.orderPageAnswered(response);
      return undefined;
    },
  };

  const productPage: RequestTemplate = {
    name: 'product-page',
    weight: 10,
    request: (random) => {
      client.sent();
      return { path: checkoutPaths.product(skuOfRank(skuRank.sample(random) + 1)) };
    },
    check: (response: ResponseView) => {
      client.otherAnswered(response);
      return undefined;
    },
  };

  // Read once, after the load, by whichever invariant asks first.
  let ledger: Promise<LedgerEntry[]> | undefined;
  let orders: Promise<OrderFact[]> | undefined;
  const readLedger = (c: ScenarioContext) => {
    ledger ??= (async () => {
      const base = c.upstreams['payment-gateway'];
      if (!base) throw new Error('the payment gateway URL is missing from the scenario context');
      const response = await fetch(`${base}/ledger`, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`GET ${base}/ledger answered ${response.status}`);
      return [...(((await response.json()) as GatewayLedger).entries ?? [])];
    })();
    return ledger;
  };
  const readOrders = (c: ScenarioContext) => {
    orders ??= c.db.query<OrderFact>(ordersWithPriceInForceSql).then((r) => r.rows);
    return orders;
  };

  const oversold: Invariant = {
    name: 'oversold-units',
    description: 'Units promised to customers (orders pending or confirmed) beyond the units ever put on sale, summed over SKUs.',
    async check(c) {
      return findOversold((await c.db.query<StockFact>(stockBySkuSql)).rows);
    },
  };
  const duplicateCharges: Invariant = {
    name: 'duplicate-charges',
    description: 'Money-moving gateway charges beyond the first for one checkout intent (one idempotency key), per the gateway ledger.',
    async check(c) {
      return findDuplicateCharges(await readLedger(c), await readOrders(c));
    },
  };
  const chargedNotConfirmed: Invariant = {
    name: 'charged-not-confirmed',
    description:
      'Checkout intents the gateway charged whose last word to the customer was not "confirmed" (nor "pending"): told failed, sold out, only "retry later", or never answered.',
    async check(c) {
      return findChargedNotConfirmed(await readLedger(c), await readOrders(c), (key) => client.lastWord(key));
    },
  };
  const stalePrice: Invariant = {
    name: 'stale-price-charges',
    description: 'Charged orders whose charged unit price differs from the price in force when the order was created.',
    async check(c) {
      return findStalePrices(await readLedger(c), await readOrders(c));
    },
  };
  const errorBudget: Invariant = {
    name: 'errors-over-budget',
    description: `Requests that failed (no answer, or any 4xx/5xx but 409 SOLD_OUT) beyond ${errorBudgetShare * 100}% of the requests sent.`,
    async check() {
      return findErrorsOverBudget(client, errorBudgetShare);
    },
  };

  return {
    requests: [checkout, orderPage, productPage],
    invariants: [oversold, duplicateCharges, chargedNotConfirmed, stalePrice, errorBudget],
  };
}

export default defineScenario({
  name: 'flash-sale-checkout',
  incident:
    'A midnight flash sale: five doorbusters with a handful of units each, and the whole customer base checking out at once. The checkout read the stock and wrote it back (oversold), called the payment gateway without an idempotency key and retried it on timeout (charged twice), read the order status back from Redis through another connection than the one that wrote it and took a miss for "failed" (customers charged and told their payment failed: 342 orders, $47,000 in the source story), and served prices from a process cache that the mid-sale price cut never reached.',
  sources: ['002_13247102f51bbaf0.txt', '003_082aa530d729ecb0.txt', '004_daa52c2b06a5fb46.txt'],
  service: 'checkout',
  variants: ['naive', 'hardened'],
  instances: 2,
  upstreams: ['payment-gateway'],
  // The hardened variant's limits for this traffic (the naive one ignores them): one gateway
  // attempt may take 2.5 s (the slowdown tops out at 1.3 s), and a duplicate waits up to 6 s.
  serviceEnv: { GATEWAY_TIMEOUT_MS: '2500', CHARGE_BUDGET_MS: '5000', IDEMPOTENCY_WAIT_MS: '6000' },
  load: {
    startRate: 20,
    stages: [
      { duration: '9s', target: 20 }, // the evening before: regular SKUs sell, doorbusters not out yet
      { duration: '1s', target: 300 }, // a minute to midnight: every open tab refreshes the sale page
      { duration: '3s', target: 300 }, // midnight: the drop goes live under the peak
      { duration: '2s', target: 100 },
      { duration: '30s', target: 100 }, // the sale (the gateway slows, prices change, Redis jitters)
      { duration: '5s', target: 30 }, // the rush is over
    ],
    maxInFlight: 2000,
    timeout: '10s',
    connections: 64,
  },
  async seed(ctx) {
    const products = flashSaleCatalog({
      hotSkus,
      regularSkus,
      hotStock: 0,
      regularStock: { min: Math.max(1, Math.round(4 * ctx.scale)), max: Math.max(1, Math.round(12 * ctx.scale)) },
      seed: ctx.seed,
    });
    const summary = await seedCheckout({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, products });
    return { products: summary.products, unitsAtSeed: summary.units, dropUnits: dropUnits * hotSkus, seedMs: summary.elapsedMs };
  },
  workload,
  chaos: [
    // The database sits in another availability zone: every query's answer takes 1 to 3 ms more.
    {
      at: '0s',
      name: 'database-rtt',
      action: { type: 'toxic', proxy: 'pgbouncer', toxic: { type: 'latency', attributes: { latency: 2, jitter: 1 } } },
    },
    // A real gateway is never instant: 30 ms +- 20 ms on every answer, the whole run long.
    {
      at: '0s',
      name: 'gateway-baseline',
      action: { type: 'toxic', proxy: 'payment-gateway', toxic: { type: 'latency', attributes: { latency: 30, jitter: 20 } } },
    },
    // Midnight: the doorbusters go on sale.
    { at: '10s', name: 'midnight-drop', action: { type: 'sql', sql: releaseStockSql(doorbusters, dropUnits) } },
    // The sale reaches the gateway too: answers take 0.3 to 1.3 s (the charge itself is made at
    // once; only the answer is late), beyond the naive client's 1 s timeout about a third of the time.
    {
      at: '14s',
      for: '22s',
      name: 'gateway-slowdown',
      action: { type: 'toxic', proxy: 'payment-gateway', toxic: { type: 'latency', attributes: { latency: 800, jitter: 500 } } },
    },
    // Merchandising ends the flash price on the long tail, straight in the database.
    { at: '20s', name: 'price-cut', action: { type: 'sql', sql: repriceSql(repricedSkus, 80) } },
    // Redis jitters: each command waits 0 to 200 ms on its way in, so commands sent a moment
    // apart on two connections may arrive in either order.
    {
      at: '24s',
      for: '16s',
      name: 'redis-jitter',
      action: {
        type: 'toxic',
        proxy: 'redis',
        toxic: { type: 'latency', stream: 'upstream', attributes: { latency: 100, jitter: 100 } },
      },
    },
  ],
  expect: {
    naive: {
      'invariant:oversold-units': ['count>0'],
      'invariant:duplicate-charges': ['count>0'],
      'invariant:charged-not-confirmed': ['count>0'],
      'invariant:stale-price-charges': ['count>0'],
    },
    hardened: {
      'invariant:oversold-units': ['count==0'],
      'invariant:duplicate-charges': ['count==0'],
      'invariant:charged-not-confirmed': ['count==0'],
      'invariant:stale-price-charges': ['count==0'],
      'invariant:errors-over-budget': ['count==0'],
      http_req_failed: ['rate<0.01'],
    },
  },
});
