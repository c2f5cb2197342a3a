import type { Redis } from 'ioredis';
import { type DeadLetterReason, orderQueueKeys, type QueueSettings } from '../../../contract/queue-contract.js';
import type { QueueMetrics } from '../../../contract/queue-metrics.js';
import { ApplicationError } from '../../application/application-error.js';
import type { Delivery, MessageQueue, OrderEventQueue } from '../../application/ports/message-queue.js';
import { fieldsOf, type StreamEntry } from './stream-entry.js';

export interface RedisStreamQueueOptions {
  /** Commands (acks, claims, heartbeats): never blocked. */
  readonly redis: Redis;
  /** XREADGROUP BLOCK holds its connection for the whole wait, so it gets its own. */
  readonly reader: Redis;
  /** The consumer name in the group: the instance id, stable across a restart. */
  readonly consumer: string;
  readonly settings: QueueSettings;
  readonly metrics: QueueMetrics;
}

type PendingDetail = [id: string, consumer: string, idleMs: number, deliveries: number];

/**
 * SQS semantics on a Redis stream consumer group (the mapping is in contract/queue-contract.ts).
 * The receive count is Redis's own delivery counter of the pending entry: XAUTOCLAIM increments
 * it, and a heartbeat (XCLAIM JUSTID) does not.
 */
export class RedisStreamQueue implements MessageQueue, OrderEventQueue {
  readonly #o: RedisStreamQueueOptions;
  // XAUTOCLAIM scans the pending list from a cursor; starting over at 0-0 every time would rescan
  // the head of a long list on each receive.
  #claimCursor = '0-0';

  constructor(options: RedisStreamQueueOptions) {
    this.#o = options;
  }

  async ensureGroup(): Promise<void> {
    await this.#o.redis.xgroup('CREATE', orderQueueKeys.stream, orderQueueKeys.group, '0', 'MKSTREAM').catch((err: Error) => {
      if (!err.message.includes('BUSYGROUP')) throw err;
    });
  }

  async enqueue(body: string, correlationId: string): Promise<string> {
    try {
      const id = await this.#o.redis.xadd(
        orderQueueKeys.stream,
        '*',
        'body',
        body,
        'correlationId',
        correlationId,
        'enqueuedAt',
        String(Date.now()),
      );
      this.#o.metrics.enqueued.inc();
      return id as string;
    } catch (err) {
      throw new ApplicationError('ORDER_WORKER_QUEUE_UNAVAILABLE', err instanceof Error ? err.message : String(err), { cause: err });
    }
  }

  async receive(max: number): Promise<Delivery[]> {
    const expired = await this.#claimExpired(max);
    const fresh = expired.length < max ? await this.#readNew(max - expired.length, expired.length === 0) : [];
    const deliveries = [...expired, ...fresh];
    for (const delivery of deliveries) {
      this.#o.metrics.received.inc();
      if (delivery.receiveCount > 1) this.#o.metrics.redeliveries.inc();
    }
    return deliveries;
  }

  async ack(id: string): Promise<boolean> {
    const acked = (await this.#o.redis.xack(orderQueueKeys.stream, orderQueueKeys.group, id)) === 1;
    if (!acked) this.#o.metrics.acksLost.inc();
    return acked;
  }

  async extendVisibility(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const held = (await this.#o.redis.xclaim(
      orderQueueKeys.stream,
      orderQueueKeys.group,
      this.#o.consumer,
      0,
      ...ids,
      'JUSTID',
    )) as string[];
    this.#o.metrics.visibilityExtensions.inc({}, held.length);
    return held;
  }

  async deadLetter(delivery: Delivery, reason: DeadLetterReason, detail: string): Promise<void> {
    const { stream, group, deadLetters } = orderQueueKeys;
    await this.#o.redis
      .multi()
      .xadd(
        deadLetters,
        '*',
        'originalId',
        delivery.id,
        'body',
        delivery.body,
        'correlationId',
        delivery.correlationId,
        'reason',
        reason,
        'detail',
        detail,
        'receives',
        String(delivery.receiveCount),
        'instance',
        this.#o.consumer,
        'failedAt',
        new Date().toISOString(),
      )
      .xack(stream, group, delivery.id)
      .exec();
    this.#o.metrics.deadLettered.inc({ reason });
  }

  /** Messages whose visibility timeout expired (unacked, idle that long), with their receive counts. */
  async #claimExpired(max: number): Promise<Delivery[]> {
    const { stream, group } = orderQueueKeys;
    const { redis, consumer, settings } = this.#o;
    const [cursor, entries] = (await redis.xautoclaim(
      stream,
      group,
      consumer,
      settings.visibilityTimeoutMs,
      this.#claimCursor,
      'COUNT',
      max,
    )) as [string, StreamEntry[]];
    this.#claimCursor = cursor;
    if (entries.length === 0) return [];
    const first = entries[0]?.[0] as string;
    const last = entries[entries.length - 1]?.[0] as string;
    // Our own pending list between the first and the last claimed id holds them all (and maybe
    // messages we are already working on); the count bounds the answer.
    const details = (await redis.xpending(stream, group, first, last, entries.length + 1000, consumer)) as PendingDetail[];
    const counts = new Map(details.map(([id, , , deliveries]) => [id, deliveries]));
    return entries.map(([id, flat]) => this.#delivery(id, flat, counts.get(id) ?? 2));
  }

  async #readNew(count: number, wait: boolean): Promise<Delivery[]> {
    const { stream, group } = orderQueueKeys;
    const { reader, consumer, settings } = this.#o;
    const read = (
      wait
        ? await reader.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'BLOCK', settings.waitMs, 'STREAMS', stream, '>')
        : await reader.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, '>')
    ) as [string, StreamEntry[]][] | null;
    return (read?.[0]?.[1] ?? []).map(([id, flat]) => this.#delivery(id, flat, 1));
  }

  #delivery(id: string, flat: readonly string[], receiveCount: number): Delivery {
    const fields = fieldsOf(flat);
    return { id, body: fields.body ?? '', correlationId: fields.correlationId ?? '', receiveCount };
  }
}
