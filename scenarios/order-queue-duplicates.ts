/**
 * The order queue incident (incident sources 002 "847 times" and 004 "When the Message
 * Disappears"): a consumer whose processing outlives the queue's visibility timeout charges the
 * same order again on every redelivery, and a consumer that catches, logs and deletes what it
 * cannot process loses orders while every queue metric stays green.
 */
import { Redis } from 'ioredis';
import type { RequestTemplate } from '../harness/load/load-plan.js';
import { Random } from '../harness/load/prng.js';
import { defineScenario } from '../harness/scenario/define-scenario.js';
import type { Invariant, ScenarioContext, Workload } from '../harness/scenario/scenario-types.js';
import { correlationIdHeader, type PostOrderResponse } from '../target-services/order-worker/contract/http-contract.js';
import { staleOverwritesSql } from '../target-services/order-worker/contract/invariant-queries.js';
import { type AcceptedEvent, findDuplicateCharges, findLostOutcomes } from '../target-services/order-worker/contract/outcome-check.js';
import { waitUntilDrained } from '../target-services/order-worker/contract/queue-inspection.js';
import { seedOrderWorker } from '../target-services/order-worker/contract/seed.js';
import { countOrderWork, type OrderWork, type SentEvent } from '../target-services/order-worker/contract/work-count.js';
import { type OrderQueueEvidence, readOrderQueueEvidence } from '../target-services/order-worker/contract/work-evidence.js';

/** Share of request pairs (2k, 2k+1) that are one order's OrderCancelled sent before its OrderPlaced. */
const outOfOrderShare = 0.04;
/** Share of the other requests that a consumer cannot process (schema drift, a new enum value). */
const poisonShare = 0.04;

const skus = ['tv-55', 'console-x', 'headphones', 'air-fryer', 'laptop-14', 'robot-vacuum'];

function items(random: Random): { sku: string; quantity: number }[] {
  return Array.from({ length: random.between(1, 3) }, () => ({ sku: random.pick(skus), quantity: random.between(1, 2) }));
}

/** What one request carries: a valid event, or one of the poison shapes producers really send. */
function orderEvent(ctx: ScenarioContext, random: Random, sequence: number): { body: Record<string, unknown>; poison: boolean } {
  const pairIndex = Math.floor(sequence / 2);
  const pair = new Random(ctx.seed ^ 0x5eed).reset(pairIndex);
  if (pair.float() < outOfOrderShare) {
    // Both requests of the pair draw the order from the pair's stream: same order, same amount.
    const order = {
      orderId: `ord-${ctx.seed}-p${pairIndex}`,
      customerId: `cus-${pair.int(5_000)}`,
      amountCents: pair.between(999, 149_999),
      items: items(pair),
    };
    const body = sequence % 2 === 0 ? { ...order, type: 'OrderCancelled', sequence: 2 } : { ...order, type: 'OrderPlaced', sequence: 1 };
    return { body, poison: false };
  }
  const order = {
    orderId: `ord-${ctx.seed}-${sequence}`,
    customerId: `cus-${random.int(5_000)}`,
    amountCents: random.between(999, 149_999),
    items: items(random),
    type: 'OrderPlaced',
    sequence: 1,
  };
  if (random.float() >= poisonShare) return { body: order, poison: false };
  switch (random.int(3)) {
    case 0: // the checkout team shipped a new event type before the consumers knew it
      return { body: { ...order, type: 'OrderPlacedV2' }, poison: true };
    case 1: {
      // a producer renamed a field (snake_case migration): unknown amount_cents, missing amountCents
      const { amountCents, ...rest } = order;
      return { body: { ...rest, amount_cents: amountCents }, poison: true };
    }
    default: // an enum in the wrong case from a legacy producer
      return { body: { ...order, type: 'ORDER_PLACED' }, poison: true };
  }
}

async function withRedis<T>(ctx: ScenarioContext, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  await redis.connect();
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

function workload(ctx: ScenarioContext): Workload {
  // The load side's own record: what it sent (and meant to send), and what was answered 202.
  const sent = new Map<string, SentEvent>();
  const accepted: AcceptedEvent[] = [];
  const acceptedIds = new Set<string>();

  const postOrder: RequestTemplate = {
    name: 'post-order',
    request: (random, sequence) => {
      const { body, poison } = orderEvent(ctx, random, sequence);
      const correlationId = `corr-${ctx.seed}-${sequence}`;
      sent.set(correlationId, {
        correlationId,
        orderId: String(body.orderId),
        type: String(body.type),
        sequence: Number(body.sequence),
        poison,
      });
      return {
        method: 'POST',
        path: '/orders',
        headers: { 'content-type': 'application/json', [correlationIdHeader]: correlationId },
        body: JSON.stringify(body),
      };
    },
    check: (response) => {
      if (response.status !== 202) return 'not-accepted';
      const answer = JSON.parse(response.body) as PostOrderResponse;
      const event = sent.get(answer.correlationId);
      if (!event) return 'unknown-correlation-id';
      accepted.push(event);
      acceptedIds.add(event.correlationId);
      return undefined;
    },
  };

  // Read once, after the drain and after the instances stopped: the work count and the
  // invariants look at the same final state.
  let evidence: Promise<OrderQueueEvidence> | undefined;
  let outcome: OrderWork | undefined;
  let drainMs = 0;
  const read = ({ upstreams, db }: ScenarioContext) => {
    const gatewayUrl = upstreams['payment-gateway'];
    if (!gatewayUrl) throw new Error('the payment-gateway upstream is not running');
    evidence ??= withRedis(ctx, (redis) => readOrderQueueEvidence({ db, redis, gatewayUrl }, sent, acceptedIds));
    return evidence;
  };
  const counted = async (c: ScenarioContext) => {
    outcome ??= countOrderWork((await read(c)).work);
    return outcome;
  };

  const queueDrained: Invariant = {
    name: 'queue-not-drained',
    description: 'Messages still pending or never delivered once the drain after the load ended (its length is in the figures).',
    async check(c) {
      const { backlog } = await read(c);
      const left = backlog.pending + backlog.lag;
      return {
        violations: left,
        samples: left > 0 ? [backlog] : [],
        figures: { drainMs, pending: backlog.pending, lag: backlog.lag, streamLength: backlog.length },
      };
    },
  };

  const duplicateCharges: Invariant = {
    name: 'duplicate-charges',
    description: 'Orders the payment gateway charged more than once (its ledger; idempotent replays are not charges).',
    async check(c) {
      const { ledger } = await read(c);
      const summary = findDuplicateCharges(ledger.entries ?? []);
      return {
        violations: summary.orders.length,
        samples: summary.orders.slice(0, 10),
        figures: {
          charges: ledger.totals.charges,
          ordersCharged: summary.ordersCharged,
          extraCharges: summary.extraCharges,
          extraCents: summary.extraCents,
          worstOrderCharges: summary.worstOrderCharges,
          replays: ledger.totals.replays,
        },
      };
    },
  };

  const lostOutcomes: Invariant = {
    name: 'lost-outcomes',
    description:
      'Accepted events (202) whose outcome never happened: the order does not show it (or a newer event) and the DLQ does not hold it.',
    async check(c) {
      const { work, deadLetters } = await read(c);
      const lost = findLostOutcomes(accepted, work.orders, new Set(deadLetters.map((d) => d.correlationId)));
      const byType: Record<string, number> = {};
      for (const event of lost) byType[`lost:${event.type}`] = (byType[`lost:${event.type}`] ?? 0) + 1;
      return {
        violations: lost.length,
        samples: lost.slice(0, 10),
        figures: { accepted: accepted.length, deadLettered: deadLetters.length, ...byType },
      };
    },
  };

  const validDeadLettered: Invariant = {
    name: 'valid-dead-lettered',
    description: 'Valid order events in the DLQ: only poison messages belong there (a worker that dead-letters valid orders does no work).',
    async check(c) {
      const { validDeadLettered: found } = await counted(c);
      return { violations: found.length, samples: found.slice(0, 10) };
    },
  };

  const unchargedPlacements: Invariant = {
    name: 'uncharged-placements',
    description:
      "Accepted placements of orders nobody cancelled that the gateway never charged (its ledger): the sale's money never moved.",
    async check(c) {
      const { unchargedPlacements: found, figures } = await counted(c);
      return {
        violations: found.length,
        samples: found.slice(0, 10),
        figures: { placementsToCharge: figures.placementsToCharge ?? 0, ordersCharged: figures.ordersCharged ?? 0 },
      };
    },
  };

  const deadLetters: Invariant = {
    name: 'dead-letters',
    description: 'Messages in the DLQ, by reason: each one needs a human (the poison messages belong here, with the reason).',
    async check(c) {
      const entries = (await read(c)).deadLetters;
      const figures: Record<string, number> = {};
      for (const entry of entries) figures[`reason:${entry.reason}`] = (figures[`reason:${entry.reason}`] ?? 0) + 1;
      const samples = entries
        .slice(0, 10)
        .map(({ correlationId, reason, detail, receives }) => ({ correlationId, reason, detail, receives }));
      return { violations: entries.length, samples, figures };
    },
  };

  const staleOverwrites: Invariant = {
    name: 'stale-overwrites',
    description: 'State writes where an older event replaced a newer state (OrderPlaced applied over OrderCancelled).',
    async check({ db }) {
      const { rows } = await db.query(staleOverwritesSql);
      return { violations: rows.length, samples: rows.slice(0, 10) };
    },
  };

  return {
    requests: [postOrder],
    async drain(c, deadline) {
      const started = Date.now();
      await withRedis(c, (redis) => waitUntilDrained(redis, deadline));
      drainMs = Date.now() - started;
    },
    async work(c) {
      const { unit, asked, done, notDone } = await counted(c);
      return { unit, asked, done, notDone };
    },
    invariants: [queueDrained, duplicateCharges, lostOutcomes, validDeadLettered, unchargedPlacements, deadLetters, staleOverwrites],
  };
}

export default defineScenario({
  name: 'order-queue-duplicates',
  incident:
    "An order processor read a batch of messages from SQS, charged each card through the payment provider and then wrote the order. When the provider slowed down, processing outlived the 30-second visibility timeout, the message became visible again, another consumer charged again, and one order was processed 847 times. The same team's consumers caught every exception, logged it and deleted the message: orders with a renamed field or a new event type never happened, the DLQ stayed empty and every queue metric stayed green.",
  sources: ['002_13247102f51bbaf0.txt', '004_daa52c2b06a5fb46.txt'],
  service: 'order-worker',
  variants: ['naive', 'hardened'],
  instances: 3,
  upstreams: ['payment-gateway'],
  // The story's 30 s visibility timeout, scaled down with the rest of the run: the gateway fault
  // below (5 s) outlives it, the normal gateway answer (tens of ms) is far inside it.
  serviceEnv: { VISIBILITY_TIMEOUT_MS: '2000', MAX_RECEIVES: '5', WORKER_CONCURRENCY: '16', GATEWAY_TIMEOUT_MS: '10000' },
  load: {
    startRate: 10,
    stages: [
      { duration: '8s', target: 10 }, // the evening before
      { duration: '4s', target: 40 }, // midnight: Black Friday opens
      { duration: '20s', target: 40 }, // the sale (the payment provider slows down in the middle of it)
      { duration: '4s', target: 10 },
      { duration: '4s', target: 10 },
    ],
    maxInFlight: 1000,
    timeout: '5s',
    connections: 16,
  },
  async seed(ctx) {
    const summary = await seedOrderWorker({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl });
    return { seedMs: summary.elapsedMs };
  },
  workload,
  chaos: [
    // A real payment provider is never instant.
    {
      at: '0s',
      name: 'gateway-baseline',
      action: { type: 'toxic', proxy: 'payment-gateway', toxic: { type: 'latency', attributes: { latency: 30, jitter: 20 } } },
    },
    // The provider struggles under the sale: every answer takes 5 s, longer than the visibility timeout.
    {
      at: '12s',
      for: '10s',
      name: 'gateway-slowdown',
      action: { type: 'toxic', proxy: 'payment-gateway', toxic: { type: 'latency', attributes: { latency: 5000, jitter: 200 } } },
    },
    // A worker is OOM-killed mid-sale and its orchestrator restarts it: its in-flight messages stay unacked.
    { at: '18s', name: 'worker-crash', action: { type: 'restart-instance', instance: 2 } },
  ],
  expect: {
    naive: {
      'invariant:duplicate-charges': ['count>0'],
      'invariant:lost-outcomes': ['count>0'],
      'invariant:stale-overwrites': ['count>0'],
      // The shortfall: poison acked without a trace, cancels overwritten by their placement.
      work_not_done: ['count>0'],
    },
    hardened: {
      'invariant:duplicate-charges': ['count==0'],
      'invariant:lost-outcomes': ['count==0'],
      'invariant:stale-overwrites': ['count==0'],
      'invariant:queue-not-drained': ['count==0'],
      // Liveness: the worker dead-letters poison only, and the sale's orders were charged.
      'invariant:valid-dead-lettered': ['count==0'],
      'invariant:uncharged-placements': ['count==0'],
      'invariant:dead-letters': ['count>0'],
      // rate, not work_not_done count==0: a run that was asked nothing (rate 0) must not pass.
      work_done: ['rate>=1'],
      pg_log_deadlocks: ['count==0'],
      http_req_failed: ['rate<0.01'],
    },
  },
});
