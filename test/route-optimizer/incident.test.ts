/*
 * The Black Friday routing incident (sources 000 and 001), small: 200 trucks in region-01, the
 * map API behind a relay that jitters each call (Toxiproxy's latency jitter in a real run).
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { StackEndpoints } from '../../harness/infra/stack-types.js';
import { type AckViolation, findAckViolations } from '../../target-services/route-optimizer/contract/acknowledgements.js';
import type {
  Acknowledgement,
  AssignTruckResponse,
  ErrorBody,
  ReassignRegionResponse,
} from '../../target-services/route-optimizer/contract/http-contract.js';
import { finalRowsSql, hazmatTunnelRoutesSql } from '../../target-services/route-optimizer/contract/invariant-queries.js';
import { tunnelsKey } from '../../target-services/route-optimizer/contract/schema.js';
import type { MapLedger } from '../../target-services/upstreams/map-api/map-api-contract.js';
import { getText, metricValue, postJson } from './helpers/http.js';
import { type JitterRelay, startJitterRelay } from './helpers/jitter-relay.js';
import { directClient, hardenedApp, listen, naiveApp, seed, startMapApi, startStack } from './helpers/route-stack.js';

const destination = { lat: 44.5, lng: 1.5 };
const region = 'region-01';
// Map answers spread well beyond the ~100 ms a transaction spends on its reads, so that two
// callers see them in unrelated orders (with less, both lean towards id order and rarely deadlock).
const jitterMs = 400;

interface Incident {
  readonly urls: StackEndpoints;
  readonly mapApiUrl: string;
  readonly relay: JitterRelay;
  readonly db: pg.Client;
  readonly hazmatIds: number[];
  readonly regionIds: number[];
}

async function incident(): Promise<Incident> {
  const urls = await startStack();
  await seed(urls, { trucks: 4_000, regions: 20, hazmatShare: 0.15, seed: 11 });
  const mapApiUrl = await startMapApi();
  const relay = await startJitterRelay({ target: mapApiUrl, maxDelayMs: jitterMs, seed: 5 });
  const db = await directClient(urls);
  const trucks = await db.query<{ id: number; hazmat: boolean }>('SELECT id, hazmat FROM trucks WHERE region = $1 ORDER BY id', [region]);
  return {
    urls,
    mapApiUrl,
    relay,
    db,
    regionIds: trucks.rows.map((t) => t.id),
    hazmatIds: trucks.rows.filter((t) => t.hazmat).map((t) => t.id),
  };
}

const reassign = (base: string) => postJson<ReassignRegionResponse | ErrorBody>(`${base}/regions/${region}/reassign`, { destination });
const assignTruck = (base: string, id: number) => postJson<AssignTruckResponse | ErrorBody>(`${base}/trucks/${id}/route`, { destination });

async function deadlocksSoFar(db: pg.Client): Promise<number> {
  const result = await db.query<{ deadlocks: string }>('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()');
  return Number(result.rows[0]?.deadlocks ?? 0);
}

async function violations(db: pg.Client, acks: readonly Acknowledgement[]): Promise<AckViolation[]> {
  const rows = await db.query(finalRowsSql, [[...new Set(acks.map((a) => a.truckId))]]);
  return findAckViolations(acks, rows.rows);
}

describe('Black Friday routing: naive reproduces the incident', () => {
  it('deadlocks two overlapping reassignments of a region: 40P01, "waits for ShareLock on transaction"', async () => {
    const { urls, relay, db, regionIds } = await incident();
    expect(regionIds).toHaveLength(200);
    const base = await listen(naiveApp(urls, relay.url));
    const deadlocksBefore = await deadlocksSoFar(db);

    let deadlock: ErrorBody | undefined;
    const outcomes: number[][] = [];
    // About three overlapping pairs in four deadlock. The others do not because the later
    // transaction's first UPDATE hits a row the earlier one already holds: it waits holding
    // nothing, and the pair ends in a lost update instead. Ten attempts at most (20 s at most)
    // make a miss about one in a million; it usually takes one or two.
    const giveUpAt = Date.now() + 20_000;
    for (let attempt = 0; attempt < 10 && !deadlock && Date.now() < giveUpAt; attempt++) {
      const pair = await Promise.all([reassign(base), reassign(base)]);
      outcomes.push(pair.map((r) => r.status));
      deadlock = pair.map((r) => r.body as ErrorBody).find((body) => body.code === '40P01');
    }
    expect(deadlock, `statuses per attempt: ${JSON.stringify(outcomes)}`).toBeDefined();
    expect(deadlock?.error).toMatch(/Bulk route assignment failed: deadlock detected/);
    expect(deadlock?.detail).toMatch(/Process \d+ waits for ShareLock on transaction \d+; blocked by process \d+/);

    const metrics = (await getText(`${base}/metrics`)).text;
    expect(metricValue(metrics, 'service_db_errors_total{sqlstate="40P01"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'service_http_requests_total{route="/regions/:region/reassign",status="500"}')).toBeGreaterThanOrEqual(1);
    expect(await deadlocksSoFar(db)).toBeGreaterThan(deadlocksBefore);
    // No bound on the fan-out. The peak depends on how fast the one transaction's reads come back
    // (46 to 88 seen on this 2-core machine in 2026-12, over 100 when quiet), so it is judged against
    // a bound: two requests under hardened's 16 map calls each could never have more than 32 at once.
    expect(relay.maxInFlight()).toBeGreaterThan(2 * 16);
  });

  it('routes hazmat trucks through tunnels: the restrictions are read from Redis and never passed on', async () => {
    const { urls, mapApiUrl, db, hazmatIds } = await incident();
    expect(hazmatIds.length).toBeGreaterThan(15);
    const base = await listen(naiveApp(urls, mapApiUrl));

    const answers = await Promise.all(hazmatIds.map((id) => assignTruck(base, id)));
    expect(answers.map((a) => a.status)).toEqual(hazmatIds.map(() => 200));
    const throughTunnels = await db.query(hazmatTunnelRoutesSql);
    expect(throughTunnels.rowCount).toBeGreaterThan(0);
    const ledger = (await (await fetch(`${mapApiUrl}/ledger`)).json()) as MapLedger;
    expect(ledger.calls).toBe(hazmatIds.length);
    expect(ledger.callsAvoidingTunnels).toBe(0);
  });

  it('acknowledges the same version twice when requests for one truck overlap (lost update)', async () => {
    const { urls, relay, db } = await incident();
    const base = await listen(naiveApp(urls, relay.url));

    const answers = await Promise.all(Array.from({ length: 6 }, () => assignTruck(base, 1)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const acks = answers.map((a) => a.body as AssignTruckResponse);
    const found = await violations(db, acks);
    expect(found.some((v) => v.kind === 'duplicate-version')).toBe(true);
  });
});

describe('Black Friday routing: hardened under the same overlap', () => {
  it('never deadlocks, acknowledges only what persisted, and keeps hazmat trucks out of tunnels', async () => {
    const { urls, relay, mapApiUrl, db, hazmatIds, regionIds } = await incident();
    const mapMaxInFlight = 48;
    const settings = { maxSingleInFlight: 256, mapConcurrencyPerRequest: 32, mapMaxInFlight };
    const base = await listen(hardenedApp(urls, relay.url, { settings }));
    const deadlocksBefore = await deadlocksSoFar(db);

    const acks: Acknowledgement[] = [];
    const statuses: number[] = [];
    let conflicts = 0;
    for (let round = 0; round < 2; round++) {
      // Two overlapping reassignments, and single-truck requests for the hazmat trucks in between.
      const [bulk, singles] = await Promise.all([
        Promise.all([reassign(base), reassign(base)]),
        Promise.all(hazmatIds.slice(0, 10).map((id) => assignTruck(base, id))),
      ]);
      for (const answer of bulk) {
        statuses.push(answer.status);
        if (answer.status !== 200) continue;
        const body = answer.body as ReassignRegionResponse;
        acks.push(...body.assigned);
        conflicts += body.conflicts ?? 0;
        expect((body.assigned.length + (body.conflicts ?? 0) + (body.unrouted ?? 0)) / regionIds.length).toBe(1);
      }
      for (const answer of singles) {
        statuses.push(answer.status);
        if (answer.status === 200) acks.push(answer.body as AssignTruckResponse);
      }
    }

    // No server error at all: the only refusals allowed are 409 (a truck kept changing).
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    // Every round, each truck is written by exactly one of the writers that read it: the others conflict.
    expect(acks.length).toBeGreaterThanOrEqual(regionIds.length * 2);
    expect(conflicts).toBeGreaterThan(0);
    expect(await violations(db, acks)).toEqual([]);
    expect((await db.query(hazmatTunnelRoutesSql)).rows).toEqual([]);
    expect(await deadlocksSoFar(db)).toBe(deadlocksBefore);

    const metrics = (await getText(`${base}/metrics`)).text;
    expect(metricValue(metrics, 'service_db_errors_total{sqlstate="40P01"}')).toBe(0);
    const ledger = (await (await fetch(`${mapApiUrl}/ledger`)).json()) as MapLedger;
    expect(ledger.callsAvoidingTunnels).toBeGreaterThan(0);
    // Bounded fan-out: never more map calls at once than the instance's cap, however many requests.
    expect(relay.maxInFlight()).toBeLessThanOrEqual(mapMaxInFlight);
    expect(relay.maxInFlight()).toBeGreaterThan(mapMaxInFlight / 2);
  });

  it('fails closed for hazmat trucks when the tunnel list is missing: left unrouted, never through a tunnel', async () => {
    const { urls, mapApiUrl, db, hazmatIds, regionIds } = await incident();
    const base = await listen(hardenedApp(urls, mapApiUrl));
    const { Redis } = await import('ioredis');
    const redis = new Redis(urls.redisUrl);
    await redis.del(tunnelsKey(region));
    redis.disconnect();

    const answer = await reassign(base);
    expect(answer.status).toBe(200);
    const body = answer.body as ReassignRegionResponse;
    expect(body.unrouted).toBeGreaterThan(0);
    expect(body.unrouted).toBeLessThanOrEqual(hazmatIds.length);
    expect(body.assigned.length + (body.unrouted ?? 0)).toBe(regionIds.length);
    expect((await db.query(hazmatTunnelRoutesSql)).rows).toEqual([]);
  });
});
