import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { instrumentService, type LogLevel, serviceServerOptions } from '../../shared/service-http.js';
import { ServiceMetrics } from '../../shared/service-metrics.js';
import { QueueMetrics } from '../contract/queue-metrics.js';
import { HttpPaymentGateway } from './adapters/gateway/http-payment-gateway.js';
import { registerRoutes } from './adapters/http/routes.js';
import { PgOrderStore } from './adapters/postgres/pg-order-store.js';
import { RedisStreamQueue } from './adapters/redis/redis-stream-queue.js';
import { ConsumerLoop } from './adapters/worker/consumer-loop.js';
import { HandleDelivery } from './application/handle-delivery.js';
import { ProcessOrderEvent } from './application/process-order-event.js';
import { PublishOrderEvent } from './application/publish-order-event.js';
import { defaultHardenedSettings, type HardenedSettings, heartbeatInterval } from './settings.js';

export interface HardenedDeps {
  /** Sized from DB_POOL_MAX, with an acquisition timeout (see adapters/postgres/pg-pool.ts). */
  readonly pool: pg.Pool;
  /** Commands: enqueue, ack, claims, heartbeats. */
  readonly redis: Redis;
  /** The consumer's blocking reads. */
  readonly reader: Redis;
  readonly paymentGatewayUrl: string;
  /** The consumer name in the group. */
  readonly instanceId: string;
  readonly settings?: Partial<HardenedSettings>;
  /** false: the API only (tests drive deliveries themselves). */
  readonly consume?: boolean;
  readonly logLevel?: LogLevel;
}

/** Wires the hexagon: adapters into ports, use cases into the HTTP adapter and the consumer loop. */
export function buildApp(deps: HardenedDeps): FastifyInstance {
  const settings: HardenedSettings = { ...defaultHardenedSettings, ...deps.settings };
  const app = Fastify(serviceServerOptions(deps.logLevel));
  const metrics = new ServiceMetrics(['payment-gateway']);
  const queueMetrics = new QueueMetrics(metrics);
  metrics.watchPool(deps.pool);
  instrumentService(app, metrics);

  const queue = new RedisStreamQueue({
    redis: deps.redis,
    reader: deps.reader,
    consumer: deps.instanceId,
    settings: settings.queue,
    metrics: queueMetrics,
  });
  const handler = new HandleDelivery({
    queue,
    process: new ProcessOrderEvent({
      orders: new PgOrderStore(deps.pool, metrics),
      gateway: new HttpPaymentGateway(deps.paymentGatewayUrl, settings.gatewayTimeoutMs, metrics),
      logger: app.log,
      instanceId: deps.instanceId,
    }),
    logger: app.log,
    maxReceives: settings.queue.maxReceives,
  });
  const consumer = new ConsumerLoop({
    queue,
    handler,
    concurrency: settings.concurrency,
    heartbeatMs: heartbeatInterval(settings.queue.visibilityTimeoutMs),
    metrics: queueMetrics,
    logger: app.log,
  });
  registerRoutes(app, new PublishOrderEvent(queue, randomUUID));

  app.addHook('onReady', async () => {
    await queue.ensureGroup();
    if (deps.consume !== false) consumer.start();
  });
  app.addHook('onClose', async () => {
    await consumer.stop();
    metrics.close();
  });
  return app;
}
