import type { DeadLetterReason } from '../../../contract/queue-contract.js';

/** One receive of one message. */
export interface Delivery {
  readonly id: string;
  readonly body: string;
  readonly correlationId: string;
  /** 1 on the first delivery; each visibility-timeout expiry that hands it out again adds one. */
  readonly receiveCount: number;
}

/** The consumer's side of the queue (SQS semantics). */
export interface MessageQueue {
  /** Up to `max` messages: expired in-flight ones first, then new ones (waits a little for those). */
  receive(max: number): Promise<Delivery[]>;
  /** Deletes the message; false when it was already gone (someone else had processed it). */
  ack(id: string): Promise<boolean>;
  /** Resets the visibility timeout of messages still being worked on; returns the ids still held. */
  extendVisibility(ids: readonly string[]): Promise<string[]>;
  /** Moves the message to the DLQ with a reason, and deletes it from the queue, atomically. */
  deadLetter(delivery: Delivery, reason: DeadLetterReason, detail: string): Promise<void>;
}

/** The producer's side. */
export interface OrderEventQueue {
  /** Appends a message; returns its id. */
  enqueue(body: string, correlationId: string): Promise<string>;
}
