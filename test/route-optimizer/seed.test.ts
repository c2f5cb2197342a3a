import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SeedOptionsError } from '../../target-services/route-optimizer/contract/seed.js';
import { regionIndexAt, tunnelsOfRegion } from '../../target-services/upstreams/map-api/world-map.js';
import { directClient, seed, startStack } from './helpers/route-stack.js';

const fingerprintSql = `SELECT md5(string_agg(id || ':' || region || ':' || lat || ':' || lng || ':' || hazmat || ':' || version, ',' ORDER BY id)) AS hash FROM trucks`;

describe('seedRouteOptimizer', () => {
  it('loads 50,000 trucks over 20 regions in seconds, inside their regions, with tunnel lists in Redis', async () => {
    const urls = await startStack();
    const summary = await seed(urls, { trucks: 50_000, seed: 42 });
    expect(summary.trucks).toBe(50_000);
    expect(summary.regions).toHaveLength(20);
    expect(summary.regions[0]).toBe('region-01');
    expect(summary.elapsedMs).toBeLessThan(10_000);
    expect(summary.hazmatTrucks / 50_000).toBeGreaterThan(0.14);
    expect(summary.hazmatTrucks / 50_000).toBeLessThan(0.16);

    const db = await directClient(urls);
    const perRegion = await db.query<{ region: string; n: string }>(
      'SELECT region, count(*) AS n FROM trucks GROUP BY region ORDER BY region',
    );
    expect(perRegion.rows.map((r) => [r.region, Number(r.n)])).toEqual(summary.regions.map((r) => [r, 2_500]));
    const rows = await db.query<{ region: string; lat: number; lng: number; version: number; route_id: string | null }>(
      'SELECT region, lat, lng, version, route_id FROM trucks',
    );
    for (const row of rows.rows) {
      expect(`region-${String(regionIndexAt(row) ?? 0).padStart(2, '0')}`).toBe(row.region);
      expect(row.version).toBe(0);
      expect(row.route_id).toBeNull();
    }

    const redis = new Redis(urls.redisUrl);
    onTestFinished(() => redis.disconnect());
    expect(JSON.parse((await redis.get('region:region-07:tunnels')) ?? 'null')).toEqual(tunnelsOfRegion(7));
    expect(await redis.keys('region:*:tunnels')).toHaveLength(20);
  });

  it('is deterministic from its seed and idempotent: a second run resets what a run changed', async () => {
    const urls = await startStack();
    const db = await directClient(urls);
    await seed(urls, { trucks: 2_000, regions: 5, seed: 1 });
    const first = (await db.query<{ hash: string }>(fingerprintSql)).rows[0]?.hash;

    await db.query("UPDATE trucks SET version = 9, route_id = 'r-x' WHERE id < 100");
    const redis = new Redis(urls.redisUrl);
    onTestFinished(() => redis.disconnect());
    await redis.set('region:region-42:tunnels', '["stale"]');

    await seed(urls, { trucks: 2_000, regions: 5, seed: 1 });
    expect((await db.query<{ hash: string }>(fingerprintSql)).rows[0]?.hash).toBe(first);
    expect((await redis.keys('region:*:tunnels')).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `region:region-0${i}:tunnels`));

    await seed(urls, { trucks: 2_000, regions: 5, seed: 2 });
    expect((await db.query<{ hash: string }>(fingerprintSql)).rows[0]?.hash).not.toBe(first);
  });

  it('refuses options the fake world cannot hold, with a stable code', async () => {
    const bad = [{ trucks: 0 }, { regions: 101 }, { hazmatShare: 1.5 }, { trucks: 2.5 }];
    for (const options of bad) {
      const err = await seed({ pgbouncerUrl: 'postgres://unused', redisUrl: 'redis://unused' } as never, { seed: 1, ...options }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SeedOptionsError);
      expect((err as SeedOptionsError).code).toBe('ROUTE_OPTIMIZER_SEED_INVALID');
    }
  });
});
