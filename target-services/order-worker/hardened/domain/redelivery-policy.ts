/**
 * When a failed delivery is retried and when it goes to the DLQ. Retrying is the queue's own
 * mechanism (the message stays unacked and comes back after its visibility timeout); the policy
 * only decides when to stop.
 */

export type FailureKind =
  /** Worth another try: the gateway or the database failed or was too slow. */
  | 'transient'
  /** Will fail the same way every time: the message itself is wrong. */
  | 'permanent';

export type AfterFailure = { readonly action: 'retry' } | { readonly action: 'dead-letter' };

export function afterFailure(kind: FailureKind, receiveCount: number, maxReceives: number): AfterFailure {
  if (kind === 'permanent' || receiveCount >= maxReceives) return { action: 'dead-letter' };
  return { action: 'retry' };
}

/**
 * A delivery received more often than allowed goes to the DLQ before it is handled: a message
 * that crashes its worker (or outlives every visibility timeout) must stop coming back.
 */
export function exceedsReceives(receiveCount: number, maxReceives: number): boolean {
  return receiveCount > maxReceives;
}
