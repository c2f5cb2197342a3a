/*
 * The naive consumer (sources 002 and 004). To the letter: source 004 section 2's "business logic
 * throws, exception is caught or downgraded, message is deleted, metrics remain green" (handle()
 * below). Interpreted: `messages.forEach(async ...)`, which never waits for the handlers, is our
 * rendering of source 002's "slow order processor": with it a poll keeps receiving while earlier
 * charges are still running, which is how the next poll gets to reclaim them.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { QueueMetrics } from '../contract/queue-metrics.js';
import type { OrderQueue, QueueMessage } from './order-queue.js';

export interface OrderConsumerDeps {
  readonly queue: OrderQueue;
  readonly processOrderEvent: (body: string, correlationId: string) => Promise<void>;
  readonly metrics: QueueMetrics;
  readonly logger: FastifyBaseLogger;
}

/**
 * Polls the order queue and processes each message in the background, so that one slow order
 * never holds up the next poll.
 */
export function startOrderConsumer(deps: OrderConsumerDeps): { stop(): Promise<void> } {
  const { queue, processOrderEvent, metrics, logger } = deps;
  let running = true;

  async function handle(message: QueueMessage): Promise<void> {
    metrics.inFlight.inc();
    try {
      await processOrderEvent(message.body, message.correlationId);
    } catch (err) {
      // One bad message must not block the whole queue behind it.
      logger.error({ err, messageId: message.id }, 'Failed to process order message');
    } finally {
      metrics.inFlight.dec();
    }
    await queue.deleteMessage(message.id).catch((err: unknown) => logger.error({ err, messageId: message.id }, 'Failed to delete message'));
    metrics.processed.inc();
  }

  const loop = (async () => {
    while (running) {
      try {
        const messages = await queue.receiveMessages();
        messages.forEach(async (message) => {
          await handle(message);
        });
      } catch (err) {
        if (!running) break;
        logger.error({ err }, 'Order consumer poll failed');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();

  return {
    async stop() {
      running = false;
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    },
  };
}
