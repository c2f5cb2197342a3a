import type { Redis } from 'ioredis';
import { type DeadLetterFields, orderQueueKeys } from './queue-contract.js';

/** What the consumer group still has to do. */
export interface QueueBacklog {
  /** Delivered, not acked (in someone's hands, or waiting for its visibility timeout). */
  readonly pending: number;
  /** Never delivered yet. */
  readonly lag: number;
  /** Entries in the stream (acked ones stay: the stream is also the audit trail). */
  readonly length: number;
}

function field(reply: unknown[], name: string): unknown {
  const at = reply.indexOf(name);
  return at >= 0 ? reply[at + 1] : undefined;
}

/** The group's backlog from `XINFO GROUPS` (Redis 7: `lag` counts the undelivered entries). */
export async function readBacklog(redis: Redis): Promise<QueueBacklog> {
  const groups = (await redis.xinfo('GROUPS', orderQueueKeys.stream)) as unknown[][];
  const group = groups.find((g) => field(g, 'name') === orderQueueKeys.group);
  const length = await redis.xlen(orderQueueKeys.stream);
  if (!group) return { pending: 0, lag: length, length };
  const lag = field(group, 'lag');
  return { pending: Number(field(group, 'pending') ?? 0), lag: lag === null || lag === undefined ? length : Number(lag), length };
}

/**
 * Polls the backlog until the group has nothing pending or undelivered, or until `deadline`
 * (epoch ms); returns the last backlog read. The workers must still run for it to empty.
 */
export async function waitUntilDrained(redis: Redis, deadline: number, pollMs = 250): Promise<QueueBacklog> {
  for (;;) {
    const backlog = await readBacklog(redis);
    if (backlog.pending + backlog.lag === 0 || Date.now() + pollMs > deadline) return backlog;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export interface DeadLetter extends DeadLetterFields {
  readonly id: string;
}

/** Every DLQ entry, oldest first. */
export async function readDeadLetters(redis: Redis, limit = 100_000): Promise<DeadLetter[]> {
  const entries = await redis.xrange(orderQueueKeys.deadLetters, '-', '+', 'COUNT', limit);
  return entries.map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
    return { id, ...(fields as unknown as DeadLetterFields) };
  });
}

/** One entry of the order stream as the producer wrote it (acked entries stay in the stream). */
export interface StreamRecord {
  readonly id: string;
  readonly correlationId: string;
  readonly body: string;
}

/** The queue's own record of what it was given and where each message stands. */
export interface QueueRecord {
  readonly entries: readonly StreamRecord[];
  /** Delivered, not acked (XPENDING). */
  readonly pending: ReadonlySet<string>;
  /** The group's last delivered id: entries after it were never delivered. */
  readonly lastDeliveredId: string;
}

/**
 * Every stream entry, the group's pending ids and its last delivered id. An entry that is
 * neither pending nor after the last delivered id was acked (deleted, in SQS words).
 */
export async function readQueueRecord(redis: Redis, limit = 1_000_000): Promise<QueueRecord> {
  const raw = await redis.xrange(orderQueueKeys.stream, '-', '+', 'COUNT', limit);
  const entries = raw.map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
    return { id, correlationId: fields.correlationId ?? '', body: fields.body ?? '' };
  });
  const pendingRows = (await redis.xpending(orderQueueKeys.stream, orderQueueKeys.group, '-', '+', limit)) as [string, ...unknown[]][];
  const groups = (await redis.xinfo('GROUPS', orderQueueKeys.stream)) as unknown[][];
  const group = groups.find((g) => field(g, 'name') === orderQueueKeys.group);
  return {
    entries,
    pending: new Set(pendingRows.map(([id]) => id)),
    lastDeliveredId: String((group && field(group, 'last-delivered-id')) ?? '0-0'),
  };
}
