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
