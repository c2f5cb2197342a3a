import { Redis } from 'ioredis';
import { createPool } from '../../shared/pg-pool.js';
import { intEnv, requiredEnv } from '../../shared/service-env.js';
import { runService } from '../../shared/service-main.js';
import { buildApp } from './app.js';
import { defaultPoolMax, hardenedSettingsFromEnv } from './settings.js';

// Composition root: the environment becomes settings, settings become pools and clients.
await runService({ service: 'route-optimizer', variant: 'hardened', defaultInstance: 'hardened-1' }, async (base, env, shutdown) => {
  const databaseUrl = requiredEnv(env, 'DATABASE_URL');
  const redisUrl = requiredEnv(env, 'REDIS_URL');
  const mapApiUrl = requiredEnv(env, 'MAP_API_URL');
  const settings = hardenedSettingsFromEnv(env);
  const pool = createPool({
    connectionString: databaseUrl,
    max: intEnv(env, 'DB_POOL_MAX', defaultPoolMax, 1),
    acquireTimeoutMs: settings.dbAcquireTimeoutMs,
  });
  pool.on('error', (err) => console.error('postgres pool error:', err.message));
  // Fail a command fast rather than queue it through a Redis outage: hazmat routing fails closed.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1_000 });
  redis.on('error', (err) => console.error('redis error:', err.message));
  const app = buildApp({ pool, redis, mapApiUrl, settings, logLevel: base.logLevel, shutdown });
  return {
    app,
    close: async () => {
      redis.disconnect();
      await pool.end();
    },
  };
});
