/**
 * npm run bench:routing — the hardened variant's bulk write path against its floor, in one run.
 *
 * Floor: all 50,000 trucks updated by ONE set-based UPDATE sent straight to PostgreSQL.
 * Hardened: the same 50,000 assignments written by the hardened repository (batches of 500 rows,
 * rows locked in id order, version-checked, through PgBouncer with a pool sized to its budget),
 * as 8 overlapping bulk requests running at once (neighbouring requests share 10% of their rows).
 * Target: hardened at most 2x the floor, 0 deadlocks, every truck assigned.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loopbackEndpoints } from '../harness/infra/endpoints.js';
import { nativeProvider } from '../harness/infra/native/native-provider.js';
import { seedRouteOptimizer } from '../target-services/route-optimizer/contract/seed.js';
import { PgTruckRepository } from '../target-services/route-optimizer/hardened/adapters/postgres/pg-truck-repository.js';
import { defaultRetryPolicy } from '../target-services/route-optimizer/hardened/adapters/postgres/retry-policy.js';
import type { RouteAssignment } from '../target-services/route-optimizer/hardened/domain/route-assignment.js';
import { writeBatches } from '../target-services/route-optimizer/hardened/domain/write-batches.js';
import { ServiceMetrics } from '../target-services/shared/service-metrics.js';

const trucks = 50_000;
const requests = 8;
const overlap = 0.1;
const batchSize = 500;
const poolMax = 10;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function segmentsFor(id: number): string {
  return JSON.stringify([
    { id: `s-${id}-1`, kind: 'road', minutes: 30 + (id % 120) },
    { id: `s-${id}-2`, kind: 'road', minutes: 20 + (id % 60) },
  ]);
}

async function deadlocks(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ deadlocks: string }>('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()');
  return Number(rows[0]?.deadlocks ?? 0);
}

async function versions(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ id: number; version: number }>('SELECT id, version FROM trucks');
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** The floor: one statement, every row, straight to PostgreSQL. */
async function floorRun(client: pg.Client, round: number): Promise<number> {
  const ids = Array.from({ length: trucks }, (_, i) => i + 1);
  const started = performance.now();
  await client.query(
    `UPDATE trucks AS t
        SET route_id = u.route_id, route = u.route::jsonb, eta_minutes = u.eta, version = t.version + 1, updated_at = now()
       FROM unnest($1::int[], $2::text[], $3::text[], $4::int[]) AS u(id, route_id, route, eta)
      WHERE t.id = u.id`,
    [ids, ids.map((id) => `floor-${round}-${id}`), ids.map(segmentsFor), ids.map((id) => 60 + (id % 600))],
  );
  return performance.now() - started;
}

async function hardenedRun(
  pgbouncerUrl: string,
  current: Map<number, number>,
): Promise<{ ms: number; written: number; conflicts: number }> {
  const pool = new pg.Pool({ connectionString: pgbouncerUrl, max: poolMax, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  const repository = new PgTruckRepository(pool, { statementTimeoutMs: 30_000, retry: defaultRetryPolicy, metrics: new ServiceMetrics() });
  const share = trucks / requests;
  const bulk = (k: number): RouteAssignment[] => {
    const from = Math.max(1, Math.floor(k * share - share * overlap) + 1);
    const to = Math.min(trucks, Math.floor((k + 1) * share + share * overlap));
    return Array.from({ length: to - from + 1 }, (_, i) => {
      const truckId = from + i;
      return {
        truckId,
        expectedVersion: current.get(truckId) ?? 0,
        routeId: `bench-${k}-${truckId}`,
        segments: JSON.parse(segmentsFor(truckId)),
        etaMinutes: 60 + (truckId % 600),
      };
    });
  };
  const work = Array.from({ length: requests }, (_, k) => bulk(k));
  // Warm the pool so the figure is the writes, not eight SCRAM logins.
  await Promise.all(Array.from({ length: poolMax }, () => pool.query('SELECT 1')));
  const started = performance.now();
  const outcomes = await Promise.all(
    work.map(async (assignments) => {
      let written = 0;
      let conflicts = 0;
      for (const batch of writeBatches(assignments, batchSize)) {
        const outcome = await repository.applyAssignments(batch);
        written += outcome.written.length;
        conflicts += outcome.conflicted.length;
      }
      return { written, conflicts };
    }),
  );
  const ms = performance.now() - started;
  await pool.end();
  return { ms, written: outcomes.reduce((s, o) => s + o.written, 0), conflicts: outcomes.reduce((s, o) => s + o.conflicts, 0) };
}

async function main(): Promise<number> {
  const stateDir = mkdtempSync(join(tmpdir(), 'stampede-bench-'));
  chmodSync(stateDir, 0o755);
  const ports = { postgres: await freePort(), pgbouncer: await freePort(), redis: await freePort(), toxiproxy: await freePort() };
  const options = { stateDir, ports, env: process.env, seed: 1, healthTimeoutMs: 30_000 };
  await nativeProvider.up(options);
  const endpoints = loopbackEndpoints(ports);
  const direct = new pg.Client({ connectionString: endpoints.postgresUrl });
  try {
    await seedRouteOptimizer({ databaseUrl: endpoints.postgresUrl, redisUrl: endpoints.redisUrl, trucks, regions: 100, seed: 1 });
    await direct.connect();
    const floors: number[] = [];
    for (let round = 0; round < 3; round++) floors.push(await floorRun(direct, round));
    const floorMs = floors.sort((a, b) => a - b)[1] as number;

    const before = await versions(direct);
    const deadlocksBefore = await deadlocks(direct);
    const hardened = await hardenedRun(endpoints.pgbouncerUrl, before);
    // pg_stat_database is flushed by backends at most once a second.
    await new Promise((r) => setTimeout(r, 1500));
    const deadlockCount = (await deadlocks(direct)) - deadlocksBefore;
    const after = await versions(direct);
    const assigned = [...after].filter(([id, v]) => v > (before.get(id) ?? 0)).length;

    const ratio = hardened.ms / floorMs;
    const lines = [
      `routing bench: ${trucks} trucks, ${requests} overlapping bulk requests (${overlap * 100}% shared rows), batches of ${batchSize}, pool ${poolMax} via PgBouncer`,
      `  floor    one set-based UPDATE, direct to PostgreSQL     ${floorMs.toFixed(0)} ms (median of ${floors.map((f) => f.toFixed(0)).join(', ')})`,
      `  hardened 8 bulk requests at once, id-ordered batches   ${hardened.ms.toFixed(0)} ms (${hardened.written} rows written, ${hardened.conflicts} version conflicts skipped)`,
      `  ratio hardened/floor ${ratio.toFixed(2)}x (target <= 2x): ${ratio <= 2 ? 'PASS' : 'FAIL'}`,
      `  deadlocks ${deadlockCount} (target 0): ${deadlockCount === 0 ? 'PASS' : 'FAIL'}`,
      `  trucks assigned ${assigned}/${trucks}: ${assigned === trucks ? 'PASS' : 'FAIL'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return ratio <= 2 && deadlockCount === 0 && assigned === trucks ? 0 : 1;
  } finally {
    await direct.end().catch(() => {});
    await nativeProvider.down({ ...options, purge: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
