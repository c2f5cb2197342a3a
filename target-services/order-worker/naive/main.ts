/*
 * Composition of the naive order worker (sources 002 and 004; what is to the letter and what is
 * interpreted is said in app.ts and the files it wires).
 */
import { Redis } from 'ioredis';
import { intEnv, requiredEnv } from '../../shared/service-env.js';
import { runService } from '../../shared/service-main.js';
import { defaultQueueSettings } from '../contract/queue-contract.js';
import { buildApp } from './app.js';
import { createPool } from './database.js';

// DB_POOL_MAX is ignored on purpose: this is the code as it shipped. The queue's settings are
// infrastructure configuration (the SQS queue's attributes), so they come from the environment.
await runService({ service: 'order-worker', variant: 'naive', defaultInstance: 'naive-1' }, async (base, env) => {
  const databaseUrl = requiredEnv(env, 'DATABASE_URL');
  const redisUrl = requiredEnv(env, 'REDIS_URL');
  const paymentGatewayUrl = requiredEnv(env, 'PAYMENT_GATEWAY_URL');
  const queue = {
    visibilityTimeoutMs: intEnv(env, 'VISIBILITY_TIMEOUT_MS', defaultQueueSettings.visibilityTimeoutMs, 1),
    maxReceives: intEnv(env, 'MAX_RECEIVES', 10, 1),
  };
  const pool = createPool(databaseUrl);
  pool.on('error', (err) => console.error('postgres pool error:', err.message));
  const redis = new Redis(redisUrl);
  redis.on('error', (err) => console.error('redis error:', err.message));
  const reader = new Redis(redisUrl);
  reader.on('error', (err) => console.error('redis error:', err.message));
  const app = buildApp({ pool, redis, reader, paymentGatewayUrl, instanceId: base.instanceId, queue, logLevel: base.logLevel });
  return {
    app,
    close: async () => {
      reader.disconnect();
      redis.disconnect();
      await pool.end();
    },
  };
});
