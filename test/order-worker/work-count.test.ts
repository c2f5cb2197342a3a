import { describe, expect, it } from 'vitest';
import type { FinalOrder } from '../../target-services/order-worker/contract/outcome-check.js';
import type { StreamRecord } from '../../target-services/order-worker/contract/queue-inspection.js';
import { compareStreamIds, countOrderWork, type SentEvent } from '../../target-services/order-worker/contract/work-count.js';

const valid = { customerId: 'c-1', amountCents: 1500, items: [{ sku: 'tv', quantity: 1 }] };

function event(correlationId: string, orderId: string, type = 'OrderPlaced', sequence = 1, poison = false): SentEvent {
  return { correlationId, orderId, type, sequence, poison };
}

function entry(
  id: string,
  e: SentEvent,
  body: Record<string, unknown> = { ...valid, orderId: e.orderId, type: e.type, sequence: e.sequence },
) {
  return { id, correlationId: e.correlationId, body: JSON.stringify(body) } satisfies StreamRecord;
}

const order = (orderId: string, status: string, sequence: number): [string, FinalOrder] => [orderId, { orderId, status, sequence }];

describe('order queue work count (ground truth)', () => {
  it('counts a paid and charged placement, a superseded placement and poison dead-lettered with its schema reason as done', () => {
    const placed = event('c1', 'o1');
    const cancel = event('c2', 'o2', 'OrderCancelled', 2);
    const late = event('c3', 'o2');
    const poison = event('c4', 'o4', 'OrderPlacedV2', 1, true);
    const work = countOrderWork({
      sent: new Map([placed, cancel, late, poison].map((e) => [e.correlationId, e])),
      accepted: new Set(['c1', 'c2', 'c3', 'c4']),
      queue: {
        entries: [entry('1-0', placed), entry('2-0', cancel), entry('3-0', late), entry('4-0', poison)],
        pending: new Set(),
        lastDeliveredId: '4-0',
      },
      deadLetters: [{ correlationId: 'c4', reason: 'unknown-event-type' }],
      orders: new Map([order('o1', 'paid', 1), order('o2', 'cancelled', 2)]),
      applied: new Set(['c1', 'c2']),
      charged: new Set(['o1']),
    });
    expect(work).toMatchObject({ unit: 'order events', asked: 4, done: 4, notDone: {}, validDeadLettered: [], unchargedPlacements: [] });
    expect(work.figures).toMatchObject({ poison: 1, placementsToCharge: 1, ordersCharged: 1 });
  });

  it('names every shortfall: lost, overwritten, still queued, dead-lettered although valid, poison acked, paid but never charged', () => {
    const events = [
      event('lost', 'o1'),
      event('cancel', 'o2', 'OrderCancelled', 2),
      event('placed', 'o2'),
      event('pending', 'o3'),
      event('undelivered', 'o4'),
      event('dlq', 'o5'),
      event('poison', 'o6', 'ORDER_PLACED', 1, true),
      event('free', 'o7'),
      event('wrong-reason', 'o8', 'OrderPlacedV2', 1, true),
    ];
    const sent = new Map(events.map((e) => [e.correlationId, e]));
    const ids = ['1-0', '2-0', '3-0', '4-0', '9-0', '5-0', '6-0', '7-0', '8-0'];
    const work = countOrderWork({
      // The load never saw the 202 of "undelivered" (a client timeout): the stream says it was accepted.
      sent,
      accepted: new Set(events.map((e) => e.correlationId).filter((id) => id !== 'undelivered')),
      queue: { entries: events.map((e, i) => entry(ids[i] as string, e)), pending: new Set(['4-0']), lastDeliveredId: '8-0' },
      deadLetters: [
        { correlationId: 'dlq', reason: 'max-receives' },
        { correlationId: 'wrong-reason', reason: 'max-receives' },
      ],
      // The cancel was applied, then its older placement overwrote it (naive's upsert).
      orders: new Map([order('o2', 'paid', 1), order('o7', 'paid', 1)]),
      applied: new Set(['cancel', 'placed', 'free']),
      charged: new Set(['o2']),
    });
    expect(work.asked).toBe(9);
    expect(work.done).toBe(1);
    expect(work.notDone).toEqual({
      'acked-without-outcome': 1,
      'overwritten-by-older-event': 1,
      'still-queued': 2,
      'valid-dead-lettered:max-receives': 1,
      'poison-acked-without-dlq': 1,
      'paid-not-charged': 1,
      'poison-dead-lettered-as:max-receives': 1,
    });
    expect(work.validDeadLettered).toEqual([{ correlationId: 'dlq', orderId: 'o5', type: 'OrderPlaced', reason: 'max-receives' }]);
    // o2 was cancelled by the customer: its placement needs no charge.
    expect(work.unchargedPlacements.map((p) => p.orderId).sort()).toEqual(['o1', 'o3', 'o4', 'o5', 'o7']);
  });

  it('counts a 202 missing from the stream as not enqueued, and an entry the load has no record of from its body', () => {
    const known = event('known', 'o1');
    const work = countOrderWork({
      sent: new Map([[known.correlationId, known]]),
      accepted: new Set(['known']),
      queue: {
        entries: [
          { id: '1-0', correlationId: 'stranger', body: JSON.stringify({ ...valid, orderId: 'o9', type: 'OrderPlaced', sequence: 1 }) },
        ],
        pending: new Set(),
        lastDeliveredId: '1-0',
      },
      deadLetters: [],
      orders: new Map([order('o9', 'paid', 1)]),
      applied: new Set(['stranger']),
      charged: new Set(['o9']),
    });
    expect(work).toMatchObject({ asked: 2, done: 1, notDone: { 'not-enqueued': 1 } });
  });

  it('orders stream ids by time, then by sequence', () => {
    expect(compareStreamIds('1700000000000-2', '1700000000000-10')).toBeLessThan(0);
    expect(compareStreamIds('1700000000001-0', '1700000000000-99')).toBeGreaterThan(0);
    expect(compareStreamIds('5-5', '5-5')).toBe(0);
  });
});
