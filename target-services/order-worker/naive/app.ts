/*
 * The order service as it ran during the sale (incident sources 002 "847 times" and 004 "When the
 * Message Disappears"): an API that puts order events on the queue, and in the same process a
 * consumer that charges the card and writes the order. Processing outlives the queue's visibility
 * timeout whenever the payment provider slows down, so the next poll (here or on another instance)
 * receives the same message and charges again, once per visibility timeout the charge lasts; and a
 * message that throws is logged and deleted anyway, so the order never happens while every queue
 * metric stays green. See process-order.ts and order-consumer.ts.
 *
 * To the letter: the sequence of source 002's title and summary (a slow processor, a visibility
 * timeout shorter than the processing, another consumer charging again) and source 004 sections 2
 * and 3 (received, logic throws, exception caught, message deleted, metrics green). Interpreted:
 * source 002 is only a title and a one-line summary here, so the code is ours; SQS becomes a Redis
 * Streams consumer group (contract/queue-contract.ts maps one onto the other) because the harness
 * runs on one machine without AWS; producer and consumer share a process so that restarting an
 * instance restarts a worker.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { instrumentService, type LogLevel, serviceServerOptions } from '../../shared/service-http.js';
import { ServiceMetrics } from '../../shared/service-metrics.js';
import {
  correlationIdHeader,
  orderWorkerRoutes,
  type PostOrderResponse,
  postOrderEnvelopeSchema,
  postOrderResponseSchema,
} from '../contract/http-contract.js';
import { defaultQueueSettings, type QueueSettings } from '../contract/queue-contract.js';
import { QueueMetrics } from '../contract/queue-metrics.js';
import { startOrderConsumer } from './order-consumer.js';
import { OrderQueue } from './order-queue.js';
import { createPaymentClient } from './payment-client.js';
import { createOrderProcessor } from './process-order.js';

export interface NaiveDeps {
  readonly pool: pg.Pool;
  readonly redis: Redis;
  /** For the consumer's blocking reads. */
  readonly reader: Redis;
  readonly paymentGatewayUrl: string;
  readonly instanceId: string;
  readonly queue?: Partial<QueueSettings>;
  /** false: the API only (tests drive the consumer themselves). */
  readonly consume?: boolean;
  readonly logLevel?: LogLevel;
}

export function buildApp(deps: NaiveDeps): FastifyInstance {
  const app = Fastify(serviceServerOptions(deps.logLevel));
  const metrics = new ServiceMetrics(['payment-gateway']);
  const queueMetrics = new QueueMetrics(metrics);
  metrics.watchPool(deps.pool);
  instrumentService(app, metrics);

  const queue = new OrderQueue(deps.redis, deps.reader, deps.instanceId, { ...defaultQueueSettings, ...deps.queue }, queueMetrics);
  const { processOrderEvent } = createOrderProcessor({
    pool: deps.pool,
    payments: createPaymentClient(deps.paymentGatewayUrl, metrics),
    instanceId: deps.instanceId,
    logger: app.log,
  });

  let consumer: { stop(): Promise<void> } | undefined;
  app.addHook('onReady', async () => {
    await queue.ensureGroup();
    if (deps.consume !== false) consumer = startOrderConsumer({ queue, processOrderEvent, metrics: queueMetrics, logger: app.log });
  });
  app.addHook('onClose', async () => {
    await consumer?.stop();
    metrics.close();
  });

  app.post<{ Body: Record<string, unknown> & { orderId?: string } }>(
    orderWorkerRoutes.orders,
    { schema: { body: postOrderEnvelopeSchema, response: { 202: postOrderResponseSchema } } },
    async (request, reply): Promise<PostOrderResponse> => {
      const header = request.headers[correlationIdHeader];
      const correlationId = typeof header === 'string' && header !== '' ? header : randomUUID();
      const orderId = request.body.orderId ?? `ord_${randomUUID()}`;
      const messageId = await queue.sendMessage(JSON.stringify({ ...request.body, orderId }), correlationId);
      reply.code(202);
      return { correlationId, orderId, messageId };
    },
  );

  return app;
}
