import { onTestFinished } from 'vitest';
import type { StackEndpoints } from '../../../harness/infra/stack-types.js';
import { defaultQueueSettings, type QueueSettings } from '../../../target-services/order-worker/contract/queue-contract.js';
import { QueueMetrics } from '../../../target-services/order-worker/contract/queue-metrics.js';
import { HttpPaymentGateway } from '../../../target-services/order-worker/hardened/adapters/gateway/http-payment-gateway.js';
import { PgOrderStore } from '../../../target-services/order-worker/hardened/adapters/postgres/pg-order-store.js';
import { RedisStreamQueue } from '../../../target-services/order-worker/hardened/adapters/redis/redis-stream-queue.js';
import type { Logger } from '../../../target-services/order-worker/hardened/application/ports/logger.js';
import { ProcessOrderEvent } from '../../../target-services/order-worker/hardened/application/process-order-event.js';
import { createPool } from '../../../target-services/shared/pg-pool.js';
import { ServiceMetrics } from '../../../target-services/shared/service-metrics.js';
import { redisClient } from './order-stack.js';

/** Keeps what the use cases log, for assertions on correlation ids. */
export function recordingLogger(): Logger & { readonly lines: { level: string; fields: object; message: string }[] } {
  const lines: { level: string; fields: object; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** A hardened queue adapter as one consumer, with short timings for tests. */
export function streamQueue(urls: StackEndpoints, consumer: string, settings: Partial<QueueSettings> = {}): RedisStreamQueue {
  return new RedisStreamQueue({
    redis: redisClient(urls),
    reader: redisClient(urls),
    consumer,
    settings: { ...defaultQueueSettings, waitMs: 50, ...settings },
    metrics: new QueueMetrics(new ServiceMetrics()),
  });
}

/** The hardened use case on the real store (PgBouncer) and a real gateway URL. */
export function processOrderEvent(urls: StackEndpoints, gatewayUrl: string, logger: Logger = recordingLogger()): ProcessOrderEvent {
  const pool = createPool({ connectionString: urls.pgbouncerUrl, max: 4, acquireTimeoutMs: 2_000 });
  pool.on('error', () => {});
  onTestFinished(() => pool.end());
  const metrics = new ServiceMetrics();
  return new ProcessOrderEvent({
    orders: new PgOrderStore(pool, metrics),
    gateway: new HttpPaymentGateway(gatewayUrl, 5_000, metrics),
    logger,
    instanceId: 'hardened-test',
  });
}
