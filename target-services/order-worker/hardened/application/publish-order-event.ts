import type { PostOrderResponse } from '../../contract/http-contract.js';
import type { OrderEventQueue } from './ports/message-queue.js';

/**
 * The producer side: puts what the caller sent on the queue with an order id and a correlation
 * id. The body is not checked against the message schema here: that is the consumer's contract,
 * and a message it cannot read ends in the DLQ with the reason, where someone can see it.
 */
export class PublishOrderEvent {
  constructor(
    private readonly queue: OrderEventQueue,
    private readonly newId: () => string,
  ) {}

  async execute(body: Readonly<Record<string, unknown>>, correlationId: string | undefined): Promise<PostOrderResponse> {
    const id = correlationId ?? this.newId();
    const orderId = typeof body.orderId === 'string' ? body.orderId : `ord_${this.newId()}`;
    const messageId = await this.queue.enqueue(JSON.stringify({ ...body, orderId }), id);
    return { correlationId: id, orderId, messageId };
  }
}
