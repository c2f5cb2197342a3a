import { Redis } from 'ioredis';
import { requiredEnv } from '../../shared/service-env.js';
import { runService } from '../../shared/service-main.js';
import { buildApp } from './app.js';
import { createPool } from './database.js';

// DB_POOL_MAX and REQUEST_DEADLINE_MS are ignored on purpose: this is the code as it shipped.
await runService({ service: 'route-optimizer', variant: 'naive', defaultInstance: 'naive-1' }, async (base, env) => {
  const databaseUrl = requiredEnv(env, 'DATABASE_URL');
  const redisUrl = requiredEnv(env, 'REDIS_URL');
  const mapApiUrl = requiredEnv(env, 'MAP_API_URL');
  const pool = createPool(databaseUrl);
  pool.on('error', (err) => console.error('postgres pool error:', err.message));
  const redis = new Redis(redisUrl);
  redis.on('error', (err) => console.error('redis error:', err.message));
  const app = buildApp({ pool, redis, mapApiUrl, logLevel: base.logLevel });
  return {
    app,
    close: async () => {
      redis.disconnect();
      await pool.end();
    },
  };
});
