import { validateOrderMessage } from '../../contract/order-message.js';
import { afterFailure, exceedsReceives } from '../domain/redelivery-policy.js';
import { ApplicationError } from './application-error.js';
import type { Logger } from './ports/logger.js';
import type { Delivery, MessageQueue } from './ports/message-queue.js';
import type { ProcessOrderEvent, ProcessOutcome } from './process-order-event.js';

/** What became of one delivery. `retry`: left unacked, it comes back after the visibility timeout. */
export type DeliveryOutcome = ProcessOutcome | 'dead-lettered' | 'retry';

export interface HandleDeliveryDeps {
  readonly queue: MessageQueue;
  readonly process: ProcessOrderEvent;
  readonly logger: Logger;
  readonly maxReceives: number;
}

/**
 * One delivery from receive to delete: validate, process, ack. A message is deleted only once
 * its outcome is written, or once it is in the DLQ with a reason; a failure never deletes it, so
 * the queue retries it, and the receive count ends the retries.
 */
export class HandleDelivery {
  readonly #deps: HandleDeliveryDeps;

  constructor(deps: HandleDeliveryDeps) {
    this.#deps = deps;
  }

  async handle(delivery: Delivery, signal?: AbortSignal): Promise<DeliveryOutcome> {
    const { queue, process, logger, maxReceives } = this.#deps;
    const fields = { correlationId: delivery.correlationId, messageId: delivery.id, receiveCount: delivery.receiveCount };
    if (exceedsReceives(delivery.receiveCount, maxReceives)) {
      await queue.deadLetter(delivery, 'max-receives', `received ${delivery.receiveCount} times without completing`);
      logger.error(fields, 'message dead-lettered: too many receives');
      return 'dead-lettered';
    }
    const validation = validateOrderMessage(delivery.body);
    if (!validation.ok) {
      await queue.deadLetter(delivery, validation.reason, validation.detail);
      logger.error({ ...fields, reason: validation.reason, detail: validation.detail }, 'message dead-lettered: not a valid order event');
      return 'dead-lettered';
    }
    try {
      const outcome = await process.execute(validation.message, delivery.correlationId, signal);
      await queue.ack(delivery.id);
      return outcome;
    } catch (err) {
      if (signal?.aborted) return 'retry';
      const error =
        err instanceof ApplicationError
          ? err
          : new ApplicationError('ORDER_WORKER_DB_FAILED', err instanceof Error ? err.message : String(err), { cause: err });
      const detail = `${error.code}: ${error.message}`;
      if (afterFailure(error.kind, delivery.receiveCount, maxReceives).action === 'dead-letter') {
        await queue.deadLetter(delivery, error.kind === 'permanent' ? 'charge-refused' : 'max-receives', detail);
        logger.error({ ...fields, err: error }, 'message dead-lettered after failing');
        return 'dead-lettered';
      }
      logger.warn({ ...fields, code: error.code }, 'processing failed: the message will be retried after its visibility timeout');
      return 'retry';
    }
  }
}
