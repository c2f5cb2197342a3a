/**
 * The Black Friday routing incident (incident sources 000 and 001): route-optimizer-v2 mapped
 * every truck of a region through `Promise.all` inside one transaction, so overlapping bulk
 * reassignments deadlocked (`40P01`) and drained the pool, and hazmat trucks were routed through
 * tunnels because the tunnel restrictions read from Redis never reached the map API.
 */
import type { RequestTemplate } from '../harness/load/load-plan.js';
import type { Random } from '../harness/load/prng.js';
import { zipf } from '../harness/load/zipf.js';
import { defineScenario } from '../harness/scenario/define-scenario.js';
import type { Invariant, ScenarioContext } from '../harness/scenario/scenario-types.js';
import { findAckViolations } from '../target-services/route-optimizer/contract/acknowledgements.js';
import type {
  Acknowledgement,
  AssignTruckResponse,
  ReassignRegionResponse,
} from '../target-services/route-optimizer/contract/http-contract.js';
import { routeOptimizerPaths } from '../target-services/route-optimizer/contract/http-contract.js';
import { seedRouteOptimizer } from '../target-services/route-optimizer/contract/seed.js';
import { regionCount, regionName } from '../target-services/upstreams/map-api/world-map.js';

/** The story's fleet: 50,000 trucks (times --scale), spread over the map's regions. */
const storyTrucks = 50_000;

function fleetSize(scale: number): { trucks: number; regions: number } {
  const trucks = Math.max(10, Math.round(storyTrucks * scale));
  return { trucks, regions: Math.min(regionCount, trucks) };
}

/** A destination somewhere on the map (the distribution centres of the sale). */
function destination(random: Random): { lat: number; lng: number } {
  return { lat: 40 + random.float() * 10, lng: -5 + random.float() * 10 };
}

const json = { 'content-type': 'application/json' };

function workload(ctx: ScenarioContext) {
  const { trucks, regions } = fleetSize(ctx.scale);
  const perRegion = Math.floor(trucks / regions);
  // Sales traffic piles onto a few regions (the big cities); within a region the busier trucks
  // are asked about somewhat more often. Dispatchers reassign the biggest regions in bulk.
  const hotRegion = zipf(regions, 1.2);
  const bulkRegion = zipf(regions, 2.0);
  const hotTruck = zipf(Math.max(1, perRegion), 0.6);
  const acks: Acknowledgement[] = [];

  const assignTruck: RequestTemplate = {
    name: 'assign-truck',
    weight: 97,
    request: (random) => {
      const region = hotRegion.sample(random) + 1;
      // Truck i is in region ((i - 1) mod regions) + 1 (see the seed).
      const truckId = region + regions * hotTruck.sample(random);
      return {
        method: 'POST',
        path: routeOptimizerPaths.assignTruck(truckId),
        headers: json,
        body: JSON.stringify({ destination: destination(random) }),
      };
    },
    check: (response) => {
      if (response.status !== 200) return undefined;
      const body = JSON.parse(response.body) as AssignTruckResponse;
      if (typeof body.version !== 'number' || typeof body.routeId !== 'string') return 'malformed assignment';
      acks.push({ truckId: body.truckId, version: body.version, routeId: body.routeId });
      return undefined;
    },
  };

  const reassignRegion: RequestTemplate = {
    name: 'reassign-region',
    weight: 3,
    request: (random) => ({
      method: 'POST',
      path: routeOptimizerPaths.reassignRegion(regionName(bulkRegion.sample(random) + 1)),
      headers: json,
      body: JSON.stringify({ destination: destination(random) }),
    }),
    check: (response) => {
      if (response.status !== 200) return undefined;
      const body = JSON.parse(response.body) as ReassignRegionResponse;
      if (!Array.isArray(body.assigned)) return 'malformed reassignment';
      for (const ack of body.assigned) acks.push({ truckId: ack.truckId, version: ack.version, routeId: ack.routeId });
      return undefined;
    },
  };

  const hazmatThroughTunnel: Invariant = {
    name: 'hazmat-through-tunnel',
    description: 'Hazmat trucks whose stored route goes through a tunnel (they may not).',
    async check({ db }) {
      const { rows } = await db.query<{ id: number; region: string; route_id: string; tunnels: string[] }>(
        `SELECT id, region, route_id,
                ARRAY(SELECT s->>'tunnelId' FROM jsonb_array_elements(route) AS s WHERE s->>'kind' = 'tunnel') AS tunnels
           FROM trucks
          WHERE hazmat AND route @> '[{"kind":"tunnel"}]'
          ORDER BY id`,
      );
      return { violations: rows.length, samples: rows.slice(0, 10) };
    },
  };

  const acknowledgedNotPersisted: Invariant = {
    name: 'acknowledged-not-persisted',
    description: 'Acknowledged assignments the database does not hold (overwritten by a lost update, or rolled back after the answer).',
    async check({ db }) {
      const ids = [...new Set(acks.map((a) => a.truckId))];
      const { rows } = await db.query<{ id: number; version: number; route_id: string | null }>(
        'SELECT id, version, route_id FROM trucks WHERE id = ANY($1::int[])',
        [ids],
      );
      const violations = findAckViolations(
        acks,
        rows.map((r) => ({ truckId: r.id, version: r.version, routeId: r.route_id })),
      );
      const byKind: Record<string, number> = {};
      for (const v of violations) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
      return { violations: violations.length, samples: violations.slice(0, 10), figures: { acknowledged: acks.length, ...byKind } };
    },
  };

  return { requests: [assignTruck, reassignRegion], invariants: [hazmatThroughTunnel, acknowledgedNotPersisted] };
}

export default defineScenario({
  name: 'black-friday-routing',
  incident:
    'LogiFlow\'s route-optimizer-v2 recalculated truck routes on Black Friday with Promise.all over every truck of a region, one map-API call and one read-then-write each, inside a single transaction whose UPDATEs ran in the order the map calls finished. Overlapping reassignments locked rows in opposite orders: "40P01 deadlock detected ... waits for ShareLock on transaction", the pool drained, and a 4-hour outage followed. The same service fetched tunnel restrictions from Redis and never passed them to the map API, so hazmat trucks were routed through tunnels.',
  sources: ['000_2b484d1f81a5fd65.txt', '001_d5c81d2ff242a59c.txt'],
  service: 'route-optimizer',
  variants: ['naive', 'hardened'],
  instances: 2,
  upstreams: ['map-api'],
  // The hardened variant's capacity settings for this traffic (the naive one ignores them): a
  // request deadline that keeps p99 under a second, and room for four region jobs per instance.
  serviceEnv: { REQUEST_DEADLINE_MS: '800', MAX_BULK_IN_FLIGHT: '4' },
  load: {
    startRate: 15,
    stages: [
      { duration: '10s', target: 15 }, // the evening before: baseline
      { duration: '10s', target: 45 }, // midnight: the Black Friday ramp
      { duration: '25s', target: 45 }, // the sale (the map API slows down in the middle of it)
      { duration: '3s', target: 90 }, // the spike: every store opens its app at once
      { duration: '5s', target: 90 },
      { duration: '2s', target: 20 },
    ],
    maxInFlight: 2000,
    timeout: '10s',
    connections: 64,
  },
  async seed(ctx) {
    const { trucks, regions } = fleetSize(ctx.scale);
    const summary = await seedRouteOptimizer({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, trucks, regions, seed: ctx.seed });
    return { trucks: summary.trucks, regions: summary.regions.length, hazmatTrucks: summary.hazmatTrucks, seedMs: summary.elapsedMs };
  },
  workload,
  chaos: [
    // A real map provider is never instant: 15 ms +- 10 ms on every answer, the whole run long.
    {
      at: '0s',
      name: 'map-api-baseline',
      action: { type: 'toxic', proxy: 'map-api', toxic: { type: 'latency', attributes: { latency: 15, jitter: 10 } } },
    },
    // Black Friday traffic reaches the map provider too: 250 ms +- 200 ms for 15 seconds.
    {
      at: '25s',
      for: '15s',
      name: 'map-api-slowdown',
      action: { type: 'toxic', proxy: 'map-api', toxic: { type: 'latency', attributes: { latency: 250, jitter: 200 } } },
    },
  ],
  expect: {
    naive: {
      deadlocks: ['count>0'],
      'db_errors:40P01': ['count>0'],
      pgbouncer_cl_waiting: ['max>0'],
      'invariant:hazmat-through-tunnel': ['count>0'],
    },
    hardened: {
      deadlocks: ['count==0'],
      'db_errors:40P01': ['count==0'],
      'invariant:hazmat-through-tunnel': ['count==0'],
      'invariant:acknowledged-not-persisted': ['count==0'],
      http_req_failed: ['rate<0.01'],
      http_req_duration: ['p(99)<1000'],
    },
  },
});
