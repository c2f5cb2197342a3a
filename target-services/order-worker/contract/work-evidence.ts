/**
 * Reads the ground truth behind the order queue's work count and invariants, once, after a run:
 * the stream and its consumer group, the DLQ, the order rows and their history (PostgreSQL
 * directly) and the payment gateway's ledger.
 */
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { GatewayLedger } from '../../upstreams/payment-gateway/gateway-contract.js';
import { allFinalOrdersSql, appliedCorrelationIdsSql } from './invariant-queries.js';
import type { FinalOrder } from './outcome-check.js';
import { type DeadLetter, type QueueBacklog, readBacklog, readDeadLetters, readQueueRecord } from './queue-inspection.js';
import type { OrderWorkEvidence, SentEvent } from './work-count.js';

export interface EvidenceSources {
  readonly db: Pick<pg.Pool, 'query'>;
  readonly redis: Redis;
  /** The gateway's direct URL (not through Toxiproxy). */
  readonly gatewayUrl: string;
}

export interface OrderQueueEvidence {
  readonly work: OrderWorkEvidence;
  readonly backlog: QueueBacklog;
  readonly deadLetters: readonly DeadLetter[];
  readonly ledger: GatewayLedger;
}

export async function readOrderQueueEvidence(
  sources: EvidenceSources,
  sent: ReadonlyMap<string, SentEvent>,
  accepted: ReadonlySet<string>,
): Promise<OrderQueueEvidence> {
  const { db, redis, gatewayUrl } = sources;
  const response = await fetch(`${gatewayUrl}/ledger`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`the payment gateway's ledger answered ${response.status}`);
  const ledger = (await response.json()) as GatewayLedger;
  const orders = await db.query<FinalOrder>(allFinalOrdersSql);
  const applied = await db.query<{ correlationId: string }>(appliedCorrelationIdsSql);
  const deadLetters = await readDeadLetters(redis);
  const work: OrderWorkEvidence = {
    sent,
    accepted,
    queue: await readQueueRecord(redis),
    deadLetters,
    orders: new Map(orders.rows.map((r) => [r.orderId, r])),
    applied: new Set(applied.rows.map((r) => r.correlationId)),
    charged: new Set((ledger.entries ?? []).filter((e) => e.result === 'charged').map((e) => e.orderId)),
  };
  return { work, backlog: await readBacklog(redis), deadLetters, ledger };
}
