import { Redis } from 'ioredis';
import pg from 'pg';
import { regionCount, regionName, regionOrigin, tunnelsOfRegion } from '../../upstreams/map-api/world-map.js';
import { routeOptimizerDropSql, routeOptimizerSchemaSql, tunnelsKey } from './schema.js';

export interface SeedRouteOptimizerOptions {
  /** Where to write (PostgreSQL directly or through PgBouncer; both work). */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly trucks?: number;
  /** Regions `region-01` .. `region-NN`; trucks are spread evenly over them (truck i in region ((i-1) mod N)+1). */
  readonly regions?: number;
  /** Share of hazmat trucks, 0..1. */
  readonly hazmatShare?: number;
  /** Same seed, same trucks: positions and hazmat flags are hashes of (seed, truck id). */
  readonly seed: number;
}

export interface SeedSummary {
  readonly trucks: number;
  readonly regions: readonly string[];
  readonly hazmatTrucks: number;
  readonly elapsedMs: number;
}

/** Bad seed options (the scenario asked for something the fake world cannot hold). */
export class SeedOptionsError extends Error {
  override readonly name = 'SeedOptionsError';
  readonly code = 'ROUTE_OPTIMIZER_SEED_INVALID';
}

// A uniform number in [0, 1) from md5(seed:id:salt): stable across PostgreSQL versions and
// sessions, unlike random() after setseed(), and cheap enough for 50,000 rows in well under a second.
const unit = (salt: string) => `(('x' || substr(md5($1::text || ':' || i || ':${salt}'), 1, 8))::bit(32)::bigint / 4294967296.0)`;

const insertSql = `
INSERT INTO trucks (id, region, lat, lng, hazmat, version, updated_at)
SELECT i,
       ($3::text[])[r],
       ($4::float8[])[r] + 0.05 + 0.9 * ${unit('lat')},
       ($5::float8[])[r] + 0.05 + 0.9 * ${unit('lng')},
       ${unit('hazmat')} < $6,
       0,
       now()
FROM (SELECT i, ((i - 1) % $7) + 1 AS r FROM generate_series(1, $2::int) AS i) AS numbered
`;

function validate(trucks: number, regions: number, hazmatShare: number, seed: number): void {
  if (!Number.isInteger(trucks) || trucks < 1) throw new SeedOptionsError(`trucks must be a positive integer, got ${trucks}`);
  if (!Number.isInteger(regions) || regions < 1 || regions > regionCount) {
    throw new SeedOptionsError(`regions must be an integer in 1..${regionCount}, got ${regions}`);
  }
  if (!(hazmatShare >= 0 && hazmatShare <= 1)) throw new SeedOptionsError(`hazmatShare must be in 0..1, got ${hazmatShare}`);
  if (!Number.isInteger(seed)) throw new SeedOptionsError(`seed must be an integer, got ${seed}`);
}

/**
 * Resets and fills the route-optimizer data: the trucks table (dropped, created, bulk-inserted
 * in one statement) and each region's tunnel ids in Redis. Idempotent: running it twice with the
 * same options leaves the same state.
 */
export async function seedRouteOptimizer(options: SeedRouteOptimizerOptions): Promise<SeedSummary> {
  const started = Date.now();
  const { trucks = 50_000, regions = 20, hazmatShare = 0.15, seed } = options;
  validate(trucks, regions, hazmatShare, seed);
  const indexes = Array.from({ length: regions }, (_, k) => k + 1);
  const names = indexes.map(regionName);
  const origins = indexes.map(regionOrigin);

  const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  let hazmatTrucks = 0;
  try {
    await client.query('BEGIN');
    await client.query(routeOptimizerDropSql);
    await client.query(routeOptimizerSchemaSql);
    await client.query(insertSql, [seed, trucks, names, origins.map((o) => o.lat), origins.map((o) => o.lng), hazmatShare, regions]);
    await client.query('COMMIT');
    await client.query('ANALYZE trucks');
    const counted = await client.query<{ hazmat: string }>('SELECT count(*) FILTER (WHERE hazmat) AS hazmat FROM trucks');
    hazmatTrucks = Number(counted.rows[0]?.hazmat ?? 0);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }

  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  redis.on('error', () => {});
  await redis.connect();
  try {
    const stale: string[] = [];
    let cursor = '0';
    for (let round = 0; round < 10_000; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', tunnelsKey('*'), 'COUNT', 1000);
      stale.push(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
    const write = redis.multi();
    if (stale.length > 0) write.del(...stale);
    for (const index of indexes) write.set(tunnelsKey(regionName(index)), JSON.stringify(tunnelsOfRegion(index)));
    await write.exec();
  } finally {
    redis.disconnect();
  }
  return { trucks, regions: names, hazmatTrucks, elapsedMs: Date.now() - started };
}
