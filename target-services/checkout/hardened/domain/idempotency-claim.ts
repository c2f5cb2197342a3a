/** An idempotency key as stored: who works on it, and what it came to once it is done. */
export interface StoredClaim<Outcome> {
  readonly fingerprint: string;
  readonly state: 'in_progress' | 'completed';
  /** The order reserved under the key, once stock was taken. */
  readonly orderId: string | null;
  /** While in progress, nobody else works on the key before this moment. */
  readonly lockedUntil: Date | null;
  readonly outcome: Outcome | null;
}

export type ClaimDecision<Outcome> =
  /** Done: answer with what it came to, again, and do nothing. */
  | { readonly kind: 'replay'; readonly outcome: Outcome }
  /** The key belongs to another purchase: refuse. */
  | { readonly kind: 'key-reused' }
  /** Someone is working on it: wait for their outcome, at most until their lease ends. */
  | { readonly kind: 'wait'; readonly untilMs: number }
  /** Its worker gave up or died: take it over and resume from the order it reserved, if any. */
  | { readonly kind: 'take-over'; readonly orderId: string | null };

/** What a request does when it finds its key already stored. */
export function decideOnClaim<Outcome>(claim: StoredClaim<Outcome>, fingerprint: string, nowMs: number): ClaimDecision<Outcome> {
  if (claim.fingerprint !== fingerprint) return { kind: 'key-reused' };
  if (claim.state === 'completed' && claim.outcome !== null) return { kind: 'replay', outcome: claim.outcome };
  const until = claim.lockedUntil?.getTime() ?? 0;
  if (until > nowMs) return { kind: 'wait', untilMs: until };
  return { kind: 'take-over', orderId: claim.orderId };
}
