/**
 * Work asked of the order worker vs work it did, counted from ground truth the worker cannot
 * fake: the load side's own record (what it sent, which requests were answered 202), the stream
 * (what the queue was given, and whether each entry was acked), the DLQ, the order rows and their
 * history, and the payment gateway's ledger. What the worker says about itself is never read.
 *
 * One unit is one accepted order event. It is done when its outcome shows in the orders (a
 * placement of an order nobody cancelled also needs a charge in the ledger), or, for a poison
 * message, when it sits in the DLQ with the reason the schema gives for it. A valid event in the
 * DLQ is not done: someone has to replay it by hand.
 */
import { type OrderEventType, orderEventTypes, statusAfter, validateOrderMessage } from './order-message.js';
import type { FinalOrder } from './outcome-check.js';
import type { QueueRecord, StreamRecord } from './queue-inspection.js';

/** One event as the load side sent it, with what it meant to send. */
export interface SentEvent {
  readonly correlationId: string;
  readonly orderId: string;
  readonly type: string;
  readonly sequence: number;
  /** Sent on purpose in a shape no consumer of schema version 1 can process. */
  readonly poison: boolean;
}

export interface OrderWorkEvidence {
  /** The load side's record, by correlation id. */
  readonly sent: ReadonlyMap<string, SentEvent>;
  /** Correlation ids the load side saw answered 202. */
  readonly accepted: ReadonlySet<string>;
  readonly queue: QueueRecord;
  readonly deadLetters: readonly { readonly correlationId: string; readonly reason: string }[];
  /** Final order rows by order id. */
  readonly orders: ReadonlyMap<string, FinalOrder>;
  /** Correlation ids that wrote a row of order_status_history (their event was applied once). */
  readonly applied: ReadonlySet<string>;
  /** Order ids the gateway charged at least once (its ledger). */
  readonly charged: ReadonlySet<string>;
}

export interface ValidDeadLetter {
  readonly correlationId: string;
  readonly orderId: string;
  readonly type: string;
  readonly reason: string;
}

export interface OrderWork {
  readonly unit: string;
  readonly asked: number;
  readonly done: number;
  /** Why the rest was not done, by reason; adds up to asked - done. */
  readonly notDone: Readonly<Record<string, number>>;
  /** Valid events the worker dead-lettered (it must only dead-letter poison). */
  readonly validDeadLettered: readonly ValidDeadLetter[];
  /** Placements of orders nobody cancelled that the gateway never charged. */
  readonly unchargedPlacements: readonly { readonly correlationId: string; readonly orderId: string }[];
  readonly figures: Readonly<Record<string, number>>;
}

type Fate = { readonly done: true } | { readonly done: false; readonly reason: string };

const done: Fate = { done: true };
const notDone = (reason: string): Fate => ({ done: false, reason });

/** Stream ids are `<ms>-<seq>`: compared as numbers, part by part. */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/** An event the load side has no record of (never expected): read from its stream body. */
function eventFromBody(entry: StreamRecord): SentEvent {
  const validation = validateOrderMessage(entry.body);
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(entry.body) as Record<string, unknown>;
  } catch {}
  return {
    correlationId: entry.correlationId,
    orderId: String(parsed.orderId ?? ''),
    type: String(parsed.type ?? ''),
    sequence: Number(parsed.sequence ?? 0),
    poison: !validation.ok,
  };
}

function outcomeShows(event: SentEvent, order: FinalOrder | undefined): boolean {
  if (!order || !orderEventTypes.includes(event.type as OrderEventType)) return false;
  if (order.sequence > event.sequence) return true;
  return order.sequence === event.sequence && order.status === statusAfter[event.type as OrderEventType];
}

export function countOrderWork(evidence: OrderWorkEvidence): OrderWork {
  const { sent, accepted, queue, orders, applied, charged } = evidence;
  const stream = new Map(queue.entries.map((e) => [e.correlationId, e]));
  const dlq = new Map<string, string[]>();
  for (const d of evidence.deadLetters) dlq.set(d.correlationId, [...(dlq.get(d.correlationId) ?? []), d.reason]);
  // A 202 the load saw, or a message on the stream whose answer the load never got (a client
  // timeout is an unknown outcome, and the queue says it was accepted).
  const asked = [...new Set([...accepted, ...stream.keys()])].flatMap((id) => {
    const event = sent.get(id) ?? (stream.get(id) ? eventFromBody(stream.get(id) as StreamRecord) : undefined);
    return event ? [event] : [];
  });
  const cancelled = new Set(asked.filter((e) => !e.poison && e.type === 'OrderCancelled').map((e) => e.orderId));
  const queued = (entry: StreamRecord) => queue.pending.has(entry.id) || compareStreamIds(entry.id, queue.lastDeliveredId) > 0;
  const mustCharge = (e: SentEvent) => !e.poison && e.type === 'OrderPlaced' && !cancelled.has(e.orderId);

  const validDeadLettered: ValidDeadLetter[] = [];
  const fateOf = (event: SentEvent): Fate => {
    const entry = stream.get(event.correlationId);
    if (!entry) return notDone('not-enqueued');
    const reasons = dlq.get(event.correlationId);
    if (event.poison) {
      const validation = validateOrderMessage(entry.body);
      const expected = validation.ok ? undefined : validation.reason;
      if (reasons) return expected && reasons.includes(expected) ? done : notDone(`poison-dead-lettered-as:${reasons[0]}`);
      return queued(entry) ? notDone('still-queued') : notDone('poison-acked-without-dlq');
    }
    if (reasons) {
      validDeadLettered.push({ correlationId: event.correlationId, orderId: event.orderId, type: event.type, reason: reasons[0] ?? '' });
      return notDone(`valid-dead-lettered:${reasons[0]}`);
    }
    if (queued(entry)) return notDone('still-queued');
    if (outcomeShows(event, orders.get(event.orderId))) {
      return mustCharge(event) && !charged.has(event.orderId) ? notDone('paid-not-charged') : done;
    }
    return applied.has(event.correlationId) ? notDone('overwritten-by-older-event') : notDone('acked-without-outcome');
  };

  const reasons: Record<string, number> = {};
  let doneCount = 0;
  for (const event of asked) {
    const fate = fateOf(event);
    if (fate.done) doneCount++;
    else reasons[fate.reason] = (reasons[fate.reason] ?? 0) + 1;
  }
  const placements = asked.filter(mustCharge);
  return {
    unit: 'order events',
    asked: asked.length,
    done: doneCount,
    notDone: reasons,
    validDeadLettered,
    unchargedPlacements: placements
      .filter((e) => !charged.has(e.orderId))
      .map(({ correlationId, orderId }) => ({ correlationId, orderId })),
    figures: {
      accepted202: accepted.size,
      onStream: stream.size,
      poison: asked.filter((e) => e.poison).length,
      placementsToCharge: placements.length,
      ordersCharged: charged.size,
    },
  };
}
