import { Redis } from 'ioredis';

export interface RedisClients {
  /** Hot reads (the order page is refreshed constantly during a sale): must never hang a request. */
  readonly cache: Redis;
  /** Writes and the job queues (confirmation emails). */
  readonly jobs: Redis;
}

/*
 * Naive: interpreted. Source 003 blames "how Redis pipeline batching worked in our
 * infrastructure"; two connections (write on one, read on the other) are our model of it.
 */

/**
 * Two connections, as the platform team recommends: slow queue traffic never sits in front of a
 * page read, and a cache read gives up after 250 ms (a cache that is slow is a cache miss).
 */
export function createRedisClients(url: string): RedisClients {
  const cache = new Redis(url, { commandTimeout: 250, maxRetriesPerRequest: 1 });
  const jobs = new Redis(url);
  for (const client of [cache, jobs]) client.on('error', (err) => console.error('redis error:', err.message));
  return { cache, jobs };
}
