/*
 * The naive team's SQS-style queue wrapper on Redis Streams (the mapping is in
 * contract/queue-contract.ts). Interpreted: SQS itself counts receives and redrives to a DLQ; the
 * hash of receive counts is ours, kept as plain as a team's first wrapper would be. It is not the
 * bug: the stories' failures are in the consumer and the processor.
 */
import type { Redis } from 'ioredis';
import { orderQueueKeys, type QueueSettings } from '../contract/queue-contract.js';
import type { QueueMetrics } from '../contract/queue-metrics.js';

export interface QueueMessage {
  readonly id: string;
  readonly body: string;
  readonly correlationId: string;
  readonly receiveCount: number;
}

type StreamEntry = [id: string, fields: string[]];

function fieldsOf(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
  return fields;
}

/**
 * Our SQS-style wrapper around a Redis stream: receive gives back messages whose visibility
 * timeout expired first (XAUTOCLAIM), then new ones; delete is XACK. Receive counts live in a
 * hash so that the redrive policy can send a message that keeps coming back to the DLQ.
 */
export class OrderQueue {
  constructor(
    private readonly redis: Redis,
    /** A second connection: XREADGROUP BLOCK holds its connection for the whole wait. */
    private readonly reader: Redis,
    private readonly consumer: string,
    private readonly settings: QueueSettings,
    private readonly metrics: QueueMetrics,
  ) {}

  async sendMessage(body: string, correlationId: string): Promise<string> {
    const id = await this.redis.xadd(
      orderQueueKeys.stream,
      '*',
      'body',
      body,
      'correlationId',
      correlationId,
      'enqueuedAt',
      String(Date.now()),
    );
    this.metrics.enqueued.inc();
    return id as string;
  }

  async ensureGroup(): Promise<void> {
    await this.redis.xgroup('CREATE', orderQueueKeys.stream, orderQueueKeys.group, '0', 'MKSTREAM').catch((err: Error) => {
      if (!err.message.includes('BUSYGROUP')) throw err;
    });
  }

  async receiveMessages(): Promise<QueueMessage[]> {
    const { stream, group } = orderQueueKeys;
    const [, reclaimed] = (await this.redis.xautoclaim(
      stream,
      group,
      this.consumer,
      this.settings.visibilityTimeoutMs,
      '0-0',
      'COUNT',
      this.settings.batchSize,
    )) as [string, StreamEntry[]];
    let entries = reclaimed;
    if (entries.length === 0) {
      const read = (await this.reader.xreadgroup(
        'GROUP',
        group,
        this.consumer,
        'COUNT',
        this.settings.batchSize,
        'BLOCK',
        this.settings.waitMs,
        'STREAMS',
        stream,
        '>',
      )) as [string, StreamEntry[]][] | null;
      entries = read?.[0]?.[1] ?? [];
    }
    const messages: QueueMessage[] = [];
    for (const [id, flat] of entries) {
      const fields = fieldsOf(flat);
      const receiveCount = await this.redis.hincrby(orderQueueKeys.naiveReceives, id, 1);
      this.metrics.received.inc();
      if (receiveCount > 1) this.metrics.redeliveries.inc();
      if (receiveCount > this.settings.maxReceives) {
        await this.moveToDlq(id, fields, receiveCount);
        continue;
      }
      messages.push({ id, body: fields.body ?? '', correlationId: fields.correlationId ?? '', receiveCount });
    }
    return messages;
  }

  async deleteMessage(id: string): Promise<void> {
    await this.redis.xack(orderQueueKeys.stream, orderQueueKeys.group, id);
    await this.redis.hdel(orderQueueKeys.naiveReceives, id);
  }

  private async moveToDlq(id: string, fields: Record<string, string>, receives: number): Promise<void> {
    await this.redis
      .multi()
      .xadd(
        orderQueueKeys.deadLetters,
        '*',
        'originalId',
        id,
        'body',
        fields.body ?? '',
        'correlationId',
        fields.correlationId ?? '',
        'reason',
        'max-receives',
        'detail',
        `received ${receives} times`,
        'receives',
        String(receives),
        'instance',
        this.consumer,
        'failedAt',
        new Date().toISOString(),
      )
      .xack(orderQueueKeys.stream, orderQueueKeys.group, id)
      .hdel(orderQueueKeys.naiveReceives, id)
      .exec();
    this.metrics.deadLettered.inc({ reason: 'max-receives' });
  }
}
