/**
 * The order queue's Redis layout and its SQS-like settings, shared by both variants, the seed
 * and the scenario (which reads the DLQ and the consumer group's backlog after a run).
 *
 * SQS                      | here (Redis Streams)
 * ------------------------ | -----------------------------------------------------------------
 * queue                    | stream `orders:queue`, consumer group `order-workers`
 * ReceiveMessage           | `XAUTOCLAIM` (messages idle past the visibility timeout) then `XREADGROUP >`
 * visibility timeout       | the `XAUTOCLAIM` min-idle-time: an unacked message is taken by another consumer
 * DeleteMessage            | `XACK`
 * ApproximateReceiveCount  | the pending entry's delivery counter (hardened) or a hash (naive)
 * ChangeMessageVisibility  | `XCLAIM ... JUSTID` to oneself: resets the idle time, not the counter
 * redrive to a DLQ         | `XADD orders:dlq` with a reason, then `XACK`
 */

export const orderQueueKeys = {
  stream: 'orders:queue',
  group: 'order-workers',
  deadLetters: 'orders:dlq',
  /** The naive variant's receive counts (message id -> receives). */
  naiveReceives: 'orders:queue:receives',
} as const;

/** Fields of a queue entry, as the producer writes them. */
export interface QueueEntryFields {
  /** The message body: the JSON the producer accepted, with `orderId` filled in. */
  readonly body: string;
  readonly correlationId: string;
  /** Epoch ms when the producer enqueued it. */
  readonly enqueuedAt: string;
}

/** Why a message went to the DLQ (the `reason` field; `detail` says more). */
export const deadLetterReasons = [
  /** Not JSON, or not an object. */
  'invalid-json',
  /** `type` is not an event type this consumer knows (a producer sent a newer enum value). */
  'unknown-event-type',
  /** A required field is missing or has the wrong type (schema drift, e.g. a renamed field). */
  'invalid-field',
  /** A field this consumer does not know: money is not moved on a message it only half understands. */
  'unknown-field',
  /** The gateway refused the charge (4xx): the order cannot be paid as sent. */
  'charge-refused',
  /** Received `maxReceives` times without success (the last error is in `detail`). */
  'max-receives',
] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

/** Fields of a DLQ entry. */
export interface DeadLetterFields {
  readonly originalId: string;
  readonly body: string;
  readonly correlationId: string;
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly receives: string;
  readonly instance: string;
  readonly failedAt: string;
}

/** Queue settings both variants read from the environment (see contract/README.md). */
export interface QueueSettings {
  /** `VISIBILITY_TIMEOUT_MS`: an unacked message becomes visible to other consumers after this. */
  readonly visibilityTimeoutMs: number;
  /** `MAX_RECEIVES`: receives before a message goes to the DLQ (SQS's maxReceiveCount). */
  readonly maxReceives: number;
  /** Messages asked for per receive. */
  readonly batchSize: number;
  /** How long a receive blocks waiting for new messages (SQS's long polling). */
  readonly waitMs: number;
}

export const defaultQueueSettings: QueueSettings = {
  visibilityTimeoutMs: 30_000,
  maxReceives: 5,
  batchSize: 10,
  waitMs: 500,
};
