import { Redis } from 'ioredis';
import { createPool } from '../../shared/pg-pool.js';
import { intEnv, requiredEnv } from '../../shared/service-env.js';
import { runService } from '../../shared/service-main.js';
import { buildApp } from './app.js';
import { defaultPoolMax, hardenedSettingsFromEnv } from './settings.js';

// Composition root: the environment becomes settings, settings become pools and clients.
await runService({ service: 'checkout', variant: 'hardened', defaultInstance: 'hardened-1' }, async (base, env, shutdown) => {
  const databaseUrl = requiredEnv(env, 'DATABASE_URL');
  const redisUrl = requiredEnv(env, 'REDIS_URL');
  const paymentGatewayUrl = requiredEnv(env, 'PAYMENT_GATEWAY_URL');
  const settings = hardenedSettingsFromEnv(env);
  const pool = createPool({
    connectionString: databaseUrl,
    max: intEnv(env, 'DB_POOL_MAX', defaultPoolMax, 1),
    acquireTimeoutMs: settings.dbAcquireTimeoutMs,
  });
  pool.on('error', (err) => console.error('postgres pool error:', err.message));
  // Redis is only a cache here: a command that is slow or fails is a miss, never a wait.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: settings.redisTimeoutMs });
  redis.on('error', (err) => console.error('redis error:', err.message));
  const app = buildApp({ pool, redis, paymentGatewayUrl, settings, logLevel: base.logLevel, shutdown });
  return {
    app,
    close: async () => {
      redis.disconnect();
      await pool.end();
    },
  };
});
