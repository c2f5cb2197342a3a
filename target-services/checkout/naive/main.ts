import { requiredEnv } from '../../shared/service-env.js';
import { runService } from '../../shared/service-main.js';
import { buildApp } from './app.js';
import { createPool } from './database.js';
import { createRedisClients } from './redis-clients.js';

/*
 * Naive checkout's process entry (sources 002, 003, 004): nothing of the story lives here; see
 * checkout.ts for where the reproduction follows the sources and where it interprets them.
 */
// DB_POOL_MAX and the hardened variant's limits are ignored on purpose: this is the code as it shipped.
await runService({ service: 'checkout', variant: 'naive', defaultInstance: 'naive-1' }, async (base, env) => {
  const databaseUrl = requiredEnv(env, 'DATABASE_URL');
  const redisUrl = requiredEnv(env, 'REDIS_URL');
  const paymentGatewayUrl = requiredEnv(env, 'PAYMENT_GATEWAY_URL');
  const pool = createPool(databaseUrl);
  pool.on('error', (err) => console.error('postgres pool error:', err.message));
  const redis = createRedisClients(redisUrl);
  const app = buildApp({ pool, redis, paymentGatewayUrl, logLevel: base.logLevel });
  return {
    app,
    close: async () => {
      redis.cache.disconnect();
      redis.jobs.disconnect();
      await pool.end();
    },
  };
});
